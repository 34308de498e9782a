"""OpenTelemetry traces: one trace from an HTTP request through Temporal into the workflow, its
activities and their store statements (issue 18).

Off unless configured: with ``HELPDESK_OTLP_ENDPOINT`` unset nothing is instrumented and no
tracing header rides on a Temporal call, so an untraced deployment pays nothing. Set, each process
(`python -m worker`, `helpdesk api`, `make run`'s children) exports its spans by OTLP/HTTP in
batches to that collector, named by ``service.name`` (``helpdesk-worker``, ``helpdesk-api``).

The parts are the ones their users know: the SDK's ``TracingInterceptor`` on the Temporal client
(and so on every worker built from it: client calls, workflow and activity spans, the context
carried in Temporal headers), FastAPI's instrumentation for the API's server spans, SQLAlchemy's
for a span per store statement. The interceptor's legacy mode, not ``OpenTelemetryPlugin``: a buyer
thread lives for weeks and the plugin shows a workflow's spans only when it completes.

Like logging, tracing is configured once per process (``start_tracing``); the pieces below read
that configuration when the client, the app or the engine is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Tracing:
    provider: TracerProvider
    service: str


_current: Tracing | None = None


def start_tracing(endpoint: str | None, service: str, exporter: SpanExporter | None = None) -> Tracing | None:
    """Configure this process's traces: to ``exporter`` if given (tests), else by OTLP/HTTP to the
    collector at ``endpoint`` (``HELPDESK_OTLP_ENDPOINT``); neither: tracing stays off, None."""
    global _current
    if exporter is None and not endpoint:
        return None
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        assert endpoint is not None
        traces = f"{endpoint.rstrip('/')}/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=traces)))
    _current = Tracing(provider, service)
    return _current


def stop_tracing() -> None:
    """Flush what is buffered and turn tracing off again (process exit; a test's teardown)."""
    global _current
    if _current is not None:
        _current.provider.shutdown()
    _current = None


def client_interceptors() -> list[Any]:
    """The interceptors for ``Client.connect``: the SDK's tracing one when tracing is on. A worker
    built from that client traces its workflows and activities too."""
    if _current is None:
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    return [TracingInterceptor(_current.provider.get_tracer("temporalio"))]


def instrument_app(app: FastAPI) -> None:
    """A server span per request, the parent of the Temporal calls the route makes."""
    if _current is None:
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=_current.provider,
        excluded_urls="healthz,readyz",  # the supervisor's and the load balancer's probes
        exclude_spans=["receive", "send"],  # one span per request, not one per ASGI message
    )


def instrument_engine(engine: Engine) -> None:
    """A span per store statement, inside the activity's or the request's span.

    SQLAlchemy's instrumentation for one engine, as its ``instrument(engine=…)`` does; called per
    engine here because that entry point instruments only once per process."""
    if _current is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import NoOpMeterProvider

    connections = NoOpMeterProvider().get_meter("helpdesk.store").create_up_down_counter("db.client.connections.usage")
    EngineTracer(_current.provider.get_tracer("opentelemetry.instrumentation.sqlalchemy"), engine, connections)
