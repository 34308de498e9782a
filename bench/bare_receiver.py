"""A bare webhook receiver for bench/events.py: answers 204 to every POST and notes when each event
arrived, nothing else (no signature check: the benchmark measures the sender, not the receiver).

Run as its own process: ``python -P bench/bare_receiver.py PORT LOGFILE`` (``-P``: this folder's calendar.py
must not shadow the standard library's). Each arrival is a line
``<webhook-id>\t<occurred_at>\t<unix time of arrival>``; the file is flushed on SIGTERM.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a production receiver would
    arrivals: list[str] = []
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        arrived = time.time()
        occurred = json.loads(body).get("occurred_at", "")
        with self.lock:
            self.arrivals.append(f"{self.headers.get('webhook-id')}\t{occurred}\t{arrived:.6f}\n")
        self.send_response(204)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def main() -> None:
    port, log_path = int(sys.argv[1]), sys.argv[2]
    ThreadingHTTPServer.request_queue_size = 128  # socketserver's default backlog of 5 refuses a burst of connections
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    server.daemon_threads = True

    def stop(*_: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    print("ready", flush=True)
    server.serve_forever()
    with open(log_path, "w") as log:
        log.writelines(_Handler.arrivals)


if __name__ == "__main__":
    main()
