"""A real webhook receiver on 127.0.0.1 for the tests: pytest-httpserver (werkzeug), threaded.

Every request is checked with the Standard Webhooks reference verifier (``standardwebhooks``)
against the receiver's secret, exactly as a marketplace backend would; one that does not verify
is answered 400 and kept in ``invalid``. Answers can be scripted (a 500, a slow answer) and the
server stopped and started again on the same port (a receiver down for a while).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from pytest_httpserver import HTTPServer
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError
from werkzeug import Request, Response

from delivery.endpoints import WebhookEndpoint, new_secret

PATH = "/helpdesk/events"
logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request


@dataclass(frozen=True)
class Arrival:
    webhook_id: str
    timestamp: str
    event: dict[str, Any]
    status: int
    at: float  # time.time() when it arrived


class WebhookReceiver:
    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret or new_secret()
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.arrivals: list[Arrival] = []
        self.invalid: list[str] = []
        self.requests_started = 0  # counted as a request comes in, before any scripted wait
        self._script: deque[int | tuple[float, int]] = deque()
        self._lock = threading.Lock()
        self.server.expect_request(PATH, method="POST").respond_with_handler(self._handle)

    # -- running -----------------------------------------------------------------------------------

    def start(self) -> WebhookReceiver:
        self.server.start()
        return self

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return self.server.url_for(PATH)

    def endpoint(self, name: str = "backend", **options: Any) -> WebhookEndpoint:
        return WebhookEndpoint(name=name, url=self.url, secrets=[self.secret], **options)

    def endpoint_json(self, name: str = "backend") -> str:
        """``HELPDESK_WEBHOOKS`` for a process of its own."""
        return json.dumps([{"name": name, "url": self.url, "secrets": [self.secret]}])

    def answer(self, *answers: int | tuple[float, int]) -> None:
        """The next answers, in order: a status, or (seconds to wait first, status); then 204."""
        with self._lock:
            self._script.extend(answers)

    def answer_normally(self) -> None:
        """Forget the scripted answers: 204 from now on."""
        with self._lock:
            self._script.clear()

    # -- what arrived ------------------------------------------------------------------------------

    def delivered(self) -> list[dict[str, Any]]:
        """The events answered 2xx, in arrival order (a duplicate counted each time it came)."""
        with self._lock:
            return [arrival.event for arrival in self.arrivals if 200 <= arrival.status < 300]

    def wait_for(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        """The delivered events once there are ``count`` distinct ones (by webhook-id)."""
        deadline = time.monotonic() + timeout
        while True:
            delivered = self.delivered()
            if len({event["event_id"] for event in delivered}) >= count:
                return delivered
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{len(delivered)} events delivered, expected {count}: {[e['type'] for e in delivered]}"
                )
            time.sleep(0.05)

    # -- the handler -------------------------------------------------------------------------------

    def _handle(self, request: Request) -> Response:
        with self._lock:
            self.requests_started += 1
        body = request.get_data()
        try:
            event = Webhook(self.secret).verify(body, dict(request.headers))
        except WebhookVerificationError as error:
            with self._lock:
                self.invalid.append(f"{error}: {request.headers.get('webhook-id')}")
            return Response(status=400)
        if request.headers["webhook-id"] != event["event_id"]:
            with self._lock:
                self.invalid.append(
                    f"webhook-id {request.headers['webhook-id']} is not the event's {event['event_id']}"
                )
            return Response(status=400)
        with self._lock:
            planned = self._script.popleft() if self._script else 204
        delay, status = planned if isinstance(planned, tuple) else (0.0, planned)
        if delay:
            time.sleep(delay)
        with self._lock:
            self.arrivals.append(
                Arrival(request.headers["webhook-id"], request.headers["webhook-timestamp"], event, status, time.time())
            )
        return Response(status=status)
