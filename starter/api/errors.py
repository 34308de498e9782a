"""How the API answers what goes wrong: never a 500 for anything a client sends.

422 names the field and the rule; 404 for what is not there (or not the caller's: no existence
leak); 409 for a state conflict, with the rule id; 503 with Retry-After when Temporal (or the
store) cannot answer now.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from temporalio.service import RPCError, RPCStatusCode

from errors import HelpdeskError, InvalidInput, NotFound, Refused
from starter.api.handover import TemporalUnavailable, ThreadErased
from starter.client.absences import AbsenceNotFound
from starter.client.cases import CaseNotFound
from starter.client.helpdesk import ThreadNotFound, UpdateRefused
from telemetry.logging import get_logger

log = get_logger("helpdesk.api")
RETRY_AFTER = "5"

# The rule each field carries (RULES.md), for 422 answers.
FIELD_RULES = {
    "market": "R1.6",
    "received_at": "R1.1",
    "message_id": "R1.1",
    "text": "R2",
    "reason": "R5.1",
    "raised_by": "R5.2",
    "outcome": "R5.3",
    "refund_amount": "R5.5",
    "result": "R5.5",
    "first_day": "R4.1",
    "last_day": "R4.1",
    "seller_id": "R3.1",
    "thread_id": "R3.1",
}


class Problem(BaseModel):
    """Every error answer but 422: what went wrong, and for a refusal its kind and rule."""

    detail: str
    kind: str | None = None
    rule: str | None = None


class FieldProblem(BaseModel):
    field: str
    rule: str | None
    message: str


class ValidationProblem(BaseModel):
    """422: each field that does not fit, with the rule it carries."""

    detail: list[FieldProblem]


# Documented on every operation, so the OpenAPI schema says what a client can get back.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "no or unknown bearer token"},
    403: {"model": Problem, "description": "the token's role may not do this"},
    404: {"model": Problem, "description": "no such thread, case or absence (or not the seller's)"},
    409: {"model": Problem, "description": "a state conflict, with the rule id"},
    422: {"model": ValidationProblem, "description": "bad input: the field and the rule"},
    503: {"model": Problem, "description": "Temporal or the store cannot answer now; see Retry-After"},
}


class FieldError(InvalidInput):
    """Bad input found after parsing (an unknown market, a path/body mismatch): 422 naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.rule = field, FIELD_RULES.get(field.rsplit(".", 1)[-1])


class Conflict(HelpdeskError):
    """A state conflict the API reports as 409 with the rule id."""

    def __init__(self, kind: str, rule: str, message: str) -> None:
        super().__init__(message)
        self.kind, self.rule, self.message = kind, rule, message


def _rule_of(message: str) -> str | None:
    """``"case_already_decided (R5.3): …"`` -> ``"R5.3"``."""
    start, end = message.find("("), message.find(")")
    return message[start + 1 : end] if 0 <= start < end and message[start + 1 : start + 2] == "R" else None


def _unavailable(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": RETRY_AFTER})


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            location = [str(part) for part in error["loc"] if part not in ("body", "path", "query")]
            field = ".".join(location) or "body"
            errors.append(
                {"field": field, "rule": FIELD_RULES.get(location[-1] if location else ""), "message": error["msg"]}
            )
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> JSONResponse:  # e.g. UnknownMarketError
        return JSONResponse(
            {
                "detail": [
                    {"field": getattr(exc, "field", "body"), "rule": getattr(exc, "rule", None), "message": str(exc)}
                ]
            },
            status_code=422,
        )

    @app.exception_handler(ThreadErased)
    async def thread_erased(request: Request, exc: ThreadErased) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "kind": "thread_erased", "rule": None}, status_code=409)

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "kind": exc.kind, "rule": exc.rule}, status_code=409)

    @app.exception_handler(Refused)
    async def refused_handler(request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "kind": exc.kind, "rule": _rule_of(str(exc))}, status_code=409)

    @app.exception_handler(UpdateRefused)
    async def update_refused(request: Request, exc: UpdateRefused) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "kind": "refused", "rule": _rule_of(str(exc))}, status_code=409)

    for missing in (
        ThreadNotFound,
        CaseNotFound,
        AbsenceNotFound,
        NotFound,
    ):  # NotFound: whatever else the caller may not see

        @app.exception_handler(missing)
        async def not_found(request: Request, exc: LookupError) -> JSONResponse:
            return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(TemporalUnavailable)
    async def temporal_down(request: Request, exc: TemporalUnavailable) -> JSONResponse:
        return _unavailable(f"Temporal cannot take this now ({exc}); retry after {RETRY_AFTER} s")

    @app.exception_handler(RPCError)
    async def rpc(request: Request, exc: RPCError) -> JSONResponse:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return JSONResponse({"detail": exc.message}, status_code=404)
        log.warning("temporal call failed", path=request.url.path, status=str(exc.status), error=exc.message)
        return _unavailable(f"Temporal did not answer ({exc.message}); retry after {RETRY_AFTER} s")

    @app.exception_handler(RuntimeError)
    async def unreachable(request: Request, exc: RuntimeError) -> JSONResponse:
        # The SDK's "Failed client connect" when Temporal does not listen (a lazy client's first call).
        log.warning("temporal unreachable", path=request.url.path, error=str(exc)[:200])
        return _unavailable(f"Temporal cannot be reached now; retry after {RETRY_AFTER} s")

    @app.exception_handler(Exception)
    async def unforeseen(request: Request, exc: Exception) -> JSONResponse:
        log.error("unforeseen error", path=request.url.path, error=type(exc).__name__)
        return _unavailable("the helpdesk could not answer now; retry later")
