"""The webhook relay: reads the event log, sends each event to each endpoint, signed, in order per thread.

Why a relay over the store's log and not an activity per event: the event is written in the
same transaction as its fact (activities/events.py), so no fact is without its event and no
event without its fact; delivery then needs nothing from Temporal: no history events, no
workflow tasks, no payload in history, and it goes on while Temporal is down. A receiver down
for days only grows a table.

One relay sends at a time: it holds a lease row in the store (``leases``), renewed while it
runs, so several can be started for availability and one takes over within the lease's time
when the sender dies. A delivery interrupted by a kill is simply attempted again: at least once,
and every attempt carries the event's own ``webhook-id``.

Order: a stream's (a thread's) next event is sent only after its previous one was delivered or
dead-lettered (``store.events.due``); streams go out in parallel, up to ``concurrency``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiohttp
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks import Webhook

from delivery.endpoints import RetryPolicy, WebhookEndpoint
from delivery.metrics import RelayMetrics
from delivery.signing import body_of, signed_headers
from store import events as log
from store.db import reading, transaction
from store.models import DeliveryState, utcnow
from telemetry.logging import get_logger

LEASE = "webhook-relay"
PLAN_CHUNK = 1000  # events given their delivery rows per round
GAUGES_EVERY = timedelta(seconds=2)  # the pending and dead-letter counts are read this often while busy
logger = get_logger("helpdesk.relay")


@dataclass(frozen=True)
class Attempt:
    """One delivery to make now, with the exact body it sends."""

    delivery_id: int
    endpoint: str
    event_id: str
    stream: str
    occurred_at: datetime
    failures_before: int
    retry_from: datetime | None
    body: bytes


@dataclass(frozen=True)
class Outcome:
    attempt: Attempt
    at: datetime
    status: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def reason(self) -> str:
        """For the failures metric: the status class, or what went wrong before one came back."""
        if self.status is not None:
            return f"{self.status // 100}xx"
        return (self.error or "error").split(":", 1)[0]


@dataclass(frozen=True)
class _Target:
    config: WebhookEndpoint
    signers: tuple[Webhook, ...]


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Relay:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        endpoints: Sequence[WebhookEndpoint],
        retry: RetryPolicy,
        *,
        concurrency: int = 16,
        poll_interval: float = 0.2,
        metrics: RelayMetrics | None = None,
        holder: str | None = None,
        lease_ttl: timedelta = timedelta(seconds=30),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._targets = {
            e.name: _Target(e, tuple(Webhook(secret.get_secret_value()) for secret in e.secrets)) for e in endpoints
        }
        self._retry = retry
        self._concurrency = concurrency
        self._poll_interval = poll_interval
        self.metrics = metrics or RelayMetrics()
        self.holder = holder or default_holder()
        self._lease_ttl = lease_ttl
        self._lease_until: datetime | None = None
        self._clock = clock
        self._client: aiohttp.ClientSession | None = None
        self._planned: dict[str, int] = {}  # each endpoint's plan position, read again whenever the lease is won
        self._gauges_at: datetime | None = None
        self._gauges_stale = False

    # -- running -----------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set; then hand the lease back so another relay can take over at once."""
        if not self._targets:
            logger.info("no webhook endpoints configured (HELPDESK_WEBHOOKS): events wait in the feed, GET /v1/events")
        try:
            while not stop.is_set():
                try:
                    sent = await self.step()
                except Exception as error:  # noqa: BLE001 - the store or the network failed: keep the relay alive
                    logger.warning("relay step failed; trying again", error=str(error))
                    sent = 0
                if not sent:
                    try:
                        await asyncio.wait_for(stop.wait(), self._poll_interval)
                    except TimeoutError:
                        pass
        finally:
            await self.close()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._lease_until is not None:
            await asyncio.to_thread(self._release)
            self._lease_until = None

    async def step(self) -> int:
        """One round: plan new events, send every stream's next due event; how many were sent."""
        if not self._targets:
            return 0
        now = self._clock()
        if not await asyncio.to_thread(self._lead, now):
            self.metrics.leader.set(0)
            return 0
        self.metrics.leader.set(1)
        attempts = await asyncio.to_thread(self._prepare, now)
        if attempts:
            # At most ``concurrency`` per endpoint were taken, so a round lasts one timeout at most
            # and the lease (renewed each round) never runs out under a slow receiver.
            slots = asyncio.Semaphore(self._concurrency * len(self._targets))
            outcomes = await asyncio.gather(*(self._send(attempt, slots) for attempt in attempts))
            await asyncio.to_thread(self._settle, outcomes)
        # The counts behind the gauges: every GAUGES_EVERY while busy, and once when work runs out.
        self._gauges_stale |= bool(attempts)
        if self._gauges_at is None or now - self._gauges_at >= GAUGES_EVERY or (self._gauges_stale and not attempts):
            await asyncio.to_thread(self._refresh_gauges)
            self._gauges_at, self._gauges_stale = now, False
        return len(attempts)

    # -- the store side (in a worker thread) -------------------------------------------------------

    def _lead(self, now: datetime) -> bool:
        """Hold the lease; renewed once a third of it has run, so an idle relay writes rarely."""
        if self._lease_until is not None and now < self._lease_until - self._lease_ttl * 2 / 3:
            return True
        with transaction(self._sessions) as session:
            held = log.hold_lease(session, LEASE, self.holder, now=now, ttl=self._lease_ttl)
        was_leader = self._lease_until is not None
        self._lease_until = now + self._lease_ttl if held else None
        if held and not was_leader:
            self._planned = {}  # another relay may have planned meanwhile
            logger.info("relay sending", holder=self.holder, endpoints=sorted(self._targets))
        return held

    def _release(self) -> None:
        with transaction(self._sessions) as session:
            log.release_lease(session, LEASE, self.holder)

    def _prepare(self, now: datetime) -> list[Attempt]:
        """Plan new events (a write, only when there are any), then read what is due."""
        if not self._planned:
            with transaction(self._sessions) as session:
                for target in self._targets.values():
                    config = target.config
                    row = log.ensure_endpoint(
                        session, config.name, str(config.url), from_start=config.from_start, now=now
                    )
                    self._planned[config.name] = row.planned_to
        with reading(self._sessions) as session:
            waiting = self._unplanned(session)
            if not waiting:  # the usual round: one read-only transaction
                return self._due(session, now)
        with transaction(self._sessions) as session:
            for name in waiting:
                # A chunk per round: planning goes in position order, so a stream's later events
                # are never planned before its earlier ones, and a backlog never holds the lock long.
                self._planned[name] = log.plan(
                    session, name, types=self._targets[name].config.type_filter, now=now, limit=PLAN_CHUNK
                )
            return self._due(session, now)

    def _unplanned(self, session: Session) -> list[str]:
        """The endpoints with events written after their plan."""
        last = log.last_position(session)
        return [name for name, planned in self._planned.items() if planned < last]

    def _due(self, session: Session, now: datetime) -> list[Attempt]:
        return [
            Attempt(
                delivery_id=due.delivery_id,
                endpoint=name,
                event_id=due.event_id,
                stream=due.stream,
                occurred_at=due.occurred_at,
                failures_before=due.attempts,
                retry_from=due.retry_from,
                body=body_of(due.document, str(due.position)),
            )
            for name in self._targets
            for due in log.due(session, name, now, limit=self._concurrency)
        ]

    def _settle(self, outcomes: Sequence[Outcome]) -> None:
        recovered: set[str] = set()
        delivered: dict[int, list[int]] = {}  # by status: one statement for the round's deliveries
        with transaction(self._sessions) as session:
            for outcome in outcomes:
                attempt = outcome.attempt
                if outcome.delivered:
                    assert outcome.status is not None
                    delivered.setdefault(outcome.status, []).append(attempt.delivery_id)
                    self.metrics.attempts.labels(attempt.endpoint, "delivered").inc()
                    self.metrics.lag.labels(attempt.endpoint).observe(
                        max(0.0, (outcome.at - attempt.occurred_at).total_seconds())
                    )
                    if attempt.failures_before:
                        recovered.add(attempt.endpoint)
                    continue
                failures = attempt.failures_before + 1
                first_failure = attempt.retry_from or outcome.at
                self.metrics.failures.labels(attempt.endpoint, outcome.reason).inc()
                if outcome.at - first_failure >= self._retry.horizon:
                    log.record_failed(
                        session,
                        attempt.delivery_id,
                        at=outcome.at,
                        status=outcome.status,
                        error=_error(outcome),
                        retry_at=None,
                    )
                    self.metrics.attempts.labels(attempt.endpoint, "dead_lettered").inc()
                    logger.error(
                        "webhook dead-lettered: retried for the whole horizon",
                        endpoint=attempt.endpoint,
                        event_id=attempt.event_id,
                        attempts=failures,
                        error=_error(outcome),
                        redeliver=f"helpdesk events redeliver {attempt.event_id}",
                    )
                    continue
                retry_at = outcome.at + self._retry.delay(failures)
                log.record_failed(
                    session,
                    attempt.delivery_id,
                    at=outcome.at,
                    status=outcome.status,
                    error=_error(outcome),
                    retry_at=retry_at,
                )
                self.metrics.attempts.labels(attempt.endpoint, "failed").inc()
                logger.warning(
                    "webhook delivery failed; retrying",
                    endpoint=attempt.endpoint,
                    event_id=attempt.event_id,
                    attempts=failures,
                    error=_error(outcome),
                    retry_at=retry_at.isoformat(),
                )
            settled_at = max((outcome.at for outcome in outcomes), default=self._clock())
            for status, ids in delivered.items():
                log.record_delivered(session, ids, at=settled_at, status=status)
            for endpoint in recovered:  # it answers again: what waited out a backoff goes now
                woken = log.wake(session, endpoint, self._clock())
                logger.info("webhook endpoint answers again", endpoint=endpoint, woken=woken)

    def _refresh_gauges(self) -> None:
        with reading(self._sessions) as session:
            counts = log.delivery_counts(session)
        for name in self._targets:
            self.metrics.pending.labels(name).set(counts.get((name, DeliveryState.PENDING), 0))
            self.metrics.dead_letters.labels(name).set(counts.get((name, DeliveryState.DEAD), 0))

    # -- the network side --------------------------------------------------------------------------

    def _http(self) -> aiohttp.ClientSession:
        """One session, its connections kept alive: aiohttp, because the relay's cost per event is
        mostly its HTTP client's (bench/events.py measured httpx at ten times aiohttp's CPU per request)."""
        if self._client is None:
            connector = aiohttp.TCPConnector(limit=self._concurrency * max(1, len(self._targets)))
            timeout = aiohttp.ClientTimeout(total=self._retry.timeout.total_seconds())
            self._client = aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False)
        return self._client

    async def _send(self, attempt: Attempt, slots: asyncio.Semaphore) -> Outcome:
        """POST the event; every failure comes back as an outcome, never as an exception."""
        target = self._targets[attempt.endpoint]
        async with slots:
            # The receiver checks the timestamp against its own clock: always the real time.
            headers = signed_headers(attempt.event_id, utcnow(), attempt.body, target.signers)
            try:
                async with self._http().post(
                    str(target.config.url), data=attempt.body, headers=headers, allow_redirects=False
                ) as response:
                    status = response.status
                    detail = None if 200 <= status < 300 else (await response.text(errors="replace"))[:200]
            except TimeoutError:
                return Outcome(
                    attempt, self._clock(), None, f"timeout: no answer within {self._retry.timeout.total_seconds():g} s"
                )
            except aiohttp.ClientConnectorError as error:
                return Outcome(attempt, self._clock(), None, f"connect: {error}")
            except aiohttp.ClientError as error:
                return Outcome(attempt, self._clock(), None, f"error: {type(error).__name__}: {error}")
            return Outcome(attempt, self._clock(), status, detail)


def _error(outcome: Outcome) -> str:
    if outcome.status is not None:
        return f"HTTP {outcome.status}" + (f": {outcome.error}" if outcome.error else "")
    return outcome.error or "error"
