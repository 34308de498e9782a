"""The relay's metrics, on its own Prometheus endpoint (``HELPDESK_RELAY_METRICS_PORT``).

Each relay gets its own registry, so tests and benchmarks can run several in one process.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

# Occurred -> 2xx: from a fraction of a second (the poll) up to the 3-day retry horizon.
LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 72 * 3600)


class RelayMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.pending = Gauge(
            "helpdesk_events_pending",
            "Deliveries not yet made (waiting, or retrying), by endpoint",
            ["endpoint"],
            registry=self.registry,
        )
        self.dead_letters = Gauge(
            "helpdesk_event_dead_letters",
            "Deliveries given up after the retry horizon, waiting for ops",
            ["endpoint"],
            registry=self.registry,
        )
        self.attempts = Counter(
            "helpdesk_event_delivery_attempts",
            "Delivery attempts by outcome: delivered (2xx), failed (retried), dead_lettered",
            ["endpoint", "outcome"],
            registry=self.registry,
        )
        self.failures = Counter(
            "helpdesk_event_delivery_failures",
            "Failed attempts by reason: the HTTP status class (4xx, 5xx, 3xx) or timeout / connect / error",
            ["endpoint", "reason"],
            registry=self.registry,
        )
        self.lag = Histogram(
            "helpdesk_event_delivery_lag_seconds",
            "From the event's occurred_at to the receiver's 2xx",
            ["endpoint"],
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.leader = Gauge(
            "helpdesk_relay_leader", "1 while this relay holds the lease and sends", registry=self.registry
        )

    def serve(self, port: int) -> None:
        start_http_server(port, registry=self.registry)
