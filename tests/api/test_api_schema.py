"""Schemathesis over the published OpenAPI schema, against the API served by uvicorn beside a real
worker on the dev server: generated requests (valid and not) never get a 5xx other than a
documented 503, and every response matches the schema and its documented status codes."""

from __future__ import annotations

import asyncio

import pytest
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from starter.api.app import create_app
from starter.api.auth import token_hash
from starter.dev.ports import free_port

pytestmark = pytest.mark.devserver


def fuzz(base_url: str, token: str) -> tuple[list[str], dict[int, int]]:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: list[str] = []
    statuses: dict[int, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=15,
            deadline=None,
            phases=[Phase.generate],
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:
            response = case.call(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500 and response.status_code != 503:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}")
            try:
                case.validate_response(
                    response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
                )
            except Exception as error:  # noqa: BLE001 - collect every operation's failure, then report
                if response.status_code != 503:
                    failures.append(f"{case.method} {case.formatted_path}: {response.status_code}: {str(error)[:300]}")

        check()
    return failures, statuses


async def test_generated_requests_get_documented_answers(dev_env: WorkflowEnvironment, integration_worker):
    task_queue, sessions = integration_worker
    token = "tok-fuzz-ops"
    app_settings = load_settings(
        task_queue=task_queue, metrics_port=0, api_tokens={token_hash(token): {"role": "backend"}}
    )
    app = create_app(app_settings, sessions, connect=lambda: _ready(dev_env))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(100):
            if server.started and app.state.helpdesk is not None:
                break
            await asyncio.sleep(0.1)
        failures, statuses = await asyncio.to_thread(fuzz, f"http://127.0.0.1:{port}", token)
    finally:
        server.should_exit = True
        await serving
    assert failures == [], "\n".join(failures)
    # It did exercise the API: well over a hundred requests, answered and refused.
    assert sum(statuses.values()) > 100 and {200, 422} <= set(statuses), statuses


async def _ready(env: WorkflowEnvironment):
    return env.client
