"""One trace from the HTTP request to the workflow, its activities and their store statements
(issue 18): the API's server span is the ancestor of the Temporal call, the workflow's spans on
the worker and the SQL the activities ran, on the real dev server."""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from connection import connect
from starter.api.app import create_app
from starter.api.auth import token_hash
from starter.client.helpdesk import HelpdeskClient
from store.db import open_store
from telemetry import tracing
from worker import build_worker

pytestmark = pytest.mark.devserver
TOKEN = "tok-trace"


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    tracing.start_tracing(None, "helpdesk-test", exporter=exporter)
    try:
        yield exporter
    finally:
        tracing.stop_tracing()


def ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[str]:
    names = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        names.append(span.name)
    return names


async def test_a_buyer_message_is_one_trace_from_the_request_to_the_workflow_and_its_store_writes(
    dev_env: WorkflowEnvironment, tmp_path, spans: InMemorySpanExporter
):
    settings = load_settings(
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=f"trace-{uuid.uuid4().hex[:6]}",
        metrics_port=0,
        api_tokens={token_hash(TOKEN): {"role": "backend"}},
    )
    sessions = open_store(f"sqlite:///{tmp_path / 'helpdesk.db'}")
    client = await connect(settings)
    app = create_app(settings, sessions)
    app.state.helpdesk = HelpdeskClient(client, settings.task_queue, sessions=sessions)
    thread_id = f"T-{uuid.uuid4().hex[:8]}"
    body = {
        "thread": {"thread_id": thread_id, "order_id": "O-1", "seller_id": "S-1", "buyer_id": "B-1", "market": "FR"},
        "message": {"message_id": "m1", "received_at": datetime.now(UTC).isoformat(), "text": "Est-il débloqué ?"},
    }
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        async with (
            build_worker(client, settings, executor, sessions=sessions),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api") as http,
        ):
            response = await http.post(f"/v1/threads/{thread_id}/messages", json=body, headers=headers)
            assert response.status_code == 202, response.text
            for _ in range(200):  # until the thread has applied the message (R1.1's deadline set)
                if (await app.state.helpdesk.state(thread_id)).due_at is not None:
                    break
                await asyncio.sleep(0.05)

    finished = spans.get_finished_spans()
    by_id = {span.context.span_id: span for span in finished}
    (request,) = [
        s for s in finished if s.kind == SpanKind.SERVER and s.name == "POST /v1/threads/{thread_id}/messages"
    ]
    in_trace = [s for s in finished if s.context.trace_id == request.context.trace_id]
    names = {s.name for s in in_trace}
    # The API's own store write (the message kept before the handover), under the request.
    kept = [s for s in in_trace if s.name.startswith("INSERT") and "inbound" in str(s.attributes.get("db.statement"))]
    assert kept and request.name in ancestors(kept[0], by_id)
    # The Temporal call, under the request; the workflow's spans on the worker, under that call.
    assert "SignalWithStartWorkflow:BuyerThread" in names
    (run,) = [s for s in in_trace if s.name == "RunWorkflow:BuyerThread"]
    assert ancestors(run, by_id)[:1] == ["SignalWithStartWorkflow:BuyerThread"]
    assert request.name in ancestors(run, by_id)
    # The thread's first local activity and the SQL it ran, still in the request's trace.
    (record,) = [s for s in in_trace if s.name == "RunActivity:take_buyer_message"]
    written = [s for s in in_trace if s.parent is not None and s.parent.span_id == record.context.span_id]
    assert any(s.name.startswith(("INSERT", "UPDATE")) for s in written), sorted(s.name for s in written)
    assert request.name in ancestors(record, by_id)
    # Every span says which process made it.
    assert {s.resource.attributes["service.name"] for s in in_trace} == {"helpdesk-test"}


def test_tracing_is_off_unless_configured():
    """No OTLP endpoint, no exporter: no interceptor on the client, nothing instrumented."""
    tracing.stop_tracing()
    assert tracing.start_tracing(None, "helpdesk-test") is None
    assert tracing.client_interceptors() == []


def test_an_otlp_endpoint_that_is_not_a_url_is_refused_naming_the_setting():
    from config import SettingsInvalid

    with pytest.raises(SettingsInvalid, match="HELPDESK_OTLP_ENDPOINT"):
        load_settings(otlp_endpoint="collector:4318")


async def test_with_an_otlp_endpoint_the_spans_reach_the_collector(tmp_path):
    """A real OTLP/HTTP receiver on 127.0.0.1 (pytest-httpserver): the API's request span arrives
    as an OTLP protobuf export, named by route, from the service named in the resource."""
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from pytest_httpserver import HTTPServer
    from werkzeug import Request, Response

    exports: list[ExportTraceServiceRequest] = []

    def collect(request: Request) -> Response:
        assert request.headers["Content-Type"] == "application/x-protobuf"
        export = ExportTraceServiceRequest()
        export.ParseFromString(request.get_data())
        exports.append(export)
        return Response(b"", status=200, content_type="application/x-protobuf")

    collector = HTTPServer(host="127.0.0.1", port=0)
    collector.expect_request("/v1/traces", method="POST").respond_with_handler(collect)
    collector.start()
    try:
        tracing.start_tracing(collector.url_for("/"), "helpdesk-api")
        settings = load_settings(metrics_port=0, api_tokens={token_hash(TOKEN): {"role": "backend"}})
        app = create_app(settings, open_store(f"sqlite:///{tmp_path / 'helpdesk.db'}"))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api") as http:
            response = await http.get("/v1/threads/T-404", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 503  # not connected to Temporal: still a request, still a span
        await asyncio.to_thread(tracing.stop_tracing)  # flushes the batch
    finally:
        tracing.stop_tracing()
        collector.clear()
        collector.stop()
    spans = [
        (span.name, resource.resource.attributes)
        for export in exports
        for resource in export.resource_spans
        for scope in resource.scope_spans
        for span in scope.spans
    ]
    names = [name for name, _ in spans]
    assert "GET /v1/threads/{thread_id}" in names, names
    service = {a.value.string_value for _, attributes in spans for a in attributes if a.key == "service.name"}
    assert service == {"helpdesk-api"}
