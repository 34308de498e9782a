"""Settings: every number the rulebook calls "a setting", and where the system runs.

All come from environment variables with the prefix ``HELPDESK_`` (pydantic-settings), so the
worker, the CLI and the HTTP API read one source. Three standard names are accepted without the
prefix as well, because deployments set them for other tools too: ``DATABASE_URL``,
``TEMPORAL_ADDRESS``, ``TEMPORAL_NAMESPACE``. Loaded only by entry points (worker, CLI), never by
workflow code, which receives what it needs as input.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError

from contract.threads import ThreadLimits
from delivery.endpoints import RetryPolicy, WebhookEndpoint
from errors import InvalidInput
from privacy.keys import (
    KEYS_VARIABLE,
    KeyConfigInvalid,
    check_key_id,
    current_key_id,
    decode_key,
)
from rules.markets import MarketRegistry
from rules.tariff import Tariff

ENV_PREFIX = "HELPDESK_"
DEFAULT_SQLITE_PATH = Path("helpdesk.db")


class Settings(BaseSettings):
    """The system's configuration. Field names are the variable names without ``HELPDESK_``."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", populate_by_name=True)

    # Where things run.
    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        validation_alias=AliasChoices("HELPDESK_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL of the helpdesk store; a SQLite file by default.",
    )
    temporal_address: str = Field(
        default="localhost:7233",
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_ADDRESS", "TEMPORAL_ADDRESS"),
    )
    temporal_namespace: str = Field(
        default="default",
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_NAMESPACE", "TEMPORAL_NAMESPACE"),
    )
    # Temporal Cloud or a cluster behind TLS: the SDK's standard variable names are accepted as well.
    temporal_tls: bool = Field(
        default=False,
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_TLS", "TEMPORAL_TLS"),
        description="TLS to the frontend with the system's roots; implied by any TLS file or an API key",
    )
    temporal_tls_cert: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_TLS_CERT", "TEMPORAL_TLS_CLIENT_CERT_PATH"),
        description="client certificate (PEM) for mTLS; needs the key too",
    )
    temporal_tls_key: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_TLS_KEY", "TEMPORAL_TLS_CLIENT_KEY_PATH"),
        description="client private key (PEM) for mTLS",
    )
    temporal_tls_ca: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_TLS_CA", "TEMPORAL_TLS_SERVER_CA_CERT_PATH"),
        description="CA (PEM) the server's certificate is checked against; default: the system's roots",
    )
    temporal_tls_server_name: str | None = Field(
        default=None,
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_TLS_SERVER_NAME"),
        description="server name (SNI) expected in the server's certificate, when it differs from the address",
    )
    temporal_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("HELPDESK_TEMPORAL_API_KEY", "TEMPORAL_API_KEY"),
        description="Temporal Cloud API key (sent as a bearer token over TLS)",
    )
    task_queue: str = "helpdesk"
    # Worker sizing (docs/scaling.md, measured by bench/scale.py): memory follows the
    # sticky cache (about 0.6 MB a cached workflow), and a deadline is late by as long as the
    # workflow task that set its timer waited for the GIL: 250 / 10 kept a 10,000-thread worker
    # under 400 MB with deadline lag p99 1.7 s on 2 cores, where the SDK's 1,000 / 100 gave 769 MB
    # and 9.7 s.
    max_cached_workflows: int = Field(default=250, ge=0, description="workflows kept in the worker's sticky cache")
    max_concurrent_workflow_tasks: int = Field(
        default=10, ge=2, description="workflow tasks one worker process runs at once"
    )
    activity_threads: int = Field(default=16, ge=1, le=512, description="threads for activities (and their slots)")
    temporal_state_dir: Path = Field(
        default=Path(".temporal"), description="where `make run` keeps the dev server's state"
    )
    temporal_ui_port: int = Field(default=8233, ge=1, le=65535)
    temporal_ui_url: str = Field(
        default="http://localhost:8233",
        description="where people open the Temporal UI (links in `make run`, the CLI, /ops/views); unset: localhost at HELPDESK_TEMPORAL_UI_PORT",
    )
    metrics_port: int = Field(
        default=9464, ge=0, le=65535, description="Prometheus port of the worker; 0 turns it off."
    )
    log_format: str = Field(default="auto", pattern="^(auto|json|console)$")
    otlp_endpoint: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/]+(/\S*)?$",
        description="OpenTelemetry collector (OTLP/HTTP, e.g. http://127.0.0.1:4318): traces of every request, "
        "workflow, activity and store statement go there; unset: no tracing (telemetry/tracing.py)",
    )
    log_level: str = "INFO"

    # The rulebook's numbers (RULES.md), each a setting with the rulebook's default.
    reply_working_hours: float = Field(default=24.0, gt=0, description="R1.1")
    reminder_hours_left: float = Field(default=4.0, gt=0, description="R1.3 second reminder")
    reminder_half_time_share: float = Field(
        default=0.5, gt=0, lt=1, description="R1.3 first reminder: this share of the time used"
    )
    close_after_days: int = Field(
        default=30, gt=0, le=3650, description="RULES: a thread with no new message this long closes"
    )
    template_min_threads: int = Field(
        default=5, ge=1, description="R2.2: the same text to this many other threads is a template"
    )
    template_window_days: float = Field(default=7.0, gt=0, description="R2.2: … within this many days")
    language_min_confidence: float = Field(
        default=0.90, gt=0, le=1, description="R2.3: the detector's confidence to refuse"
    )
    language_min_letters: int = Field(
        default=20, ge=1, description="R2.3: shorter replies are never refused for their language"
    )
    absence_long_working_days: int = Field(
        default=5, ge=0, description="R4.2: an absence of more working days than this needs notice"
    )
    absence_notice_days: int = Field(default=14, ge=0, description="R4.2: calendar days of notice it needs")
    return_window_days: int = Field(
        default=14, ge=1, le=366, description="R5.5: calendar days the buyer has to ship the item back"
    )
    return_transit_days: int = Field(
        default=14, ge=1, le=366, description="R5.5: days a shipped parcel may take before ops are told"
    )
    reply_grace_s: float = Field(
        default=60.0,
        ge=0,
        le=86_400,
        description="R1.4: a reply that reached the helpdesk before the due instant counts if the thread sees it within this long",
    )
    clock_skew_s: float = Field(
        default=300.0, ge=0, le=86_400, description="how far ahead of our clock a backend's instant may lie"
    )
    allowed_domains: tuple[str, ...] | None = Field(
        default=None,
        description="R2.1 web addresses a reply may contain (JSON list); default: the platform and carriers' tracking sites",
    )
    markets: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description='JSON overrides of market fields, e.g. {"FR": {"working_windows": ["09:00-18:00"]}}',
    )
    tariff: Tariff = Field(
        default_factory=Tariff,
        description='R5.6 recharge tariff (JSON), e.g. {"handling_fee": "15", "currency_factors": {"SEK": "10"}}',
    )

    # The HTTP API (starter/api/).
    api_port: int = Field(default=8080, ge=1, le=65535, description="the HTTP API `make run` starts")
    api_temporal_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="longest wait for Temporal or a worker per request; then 503 with Retry-After (the request may still apply: send it again)",
    )
    api_max_body_bytes: int = Field(
        default=1 << 20,
        ge=1024,
        description="request bodies larger than this are refused with 413 before they are read",
    )
    api_tokens: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description=(
            'bearer tokens by their SHA-256 (hex): {"<sha256>": {"role": "backend"}, '
            '"<sha256>": {"role": "seller", "seller_id": "S-42"}, "<sha256>": {"role": "ops", "name": "alice"}}; '
            "the optional name is the token's id in the read audit"
        ),
    )

    # Payload encryption (privacy/, docs/privacy.md). No keys set: every process
    # reads the key file, the first one to start creates it.
    payload_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='payload keys by id: {"<key id>": "<base64 of 32 bytes>"}; old keys stay for decoding',
    )
    payload_key_id: str | None = Field(
        default=None,
        validate_default=True,
        description="the key id that encrypts; must be one of the keys (may be left out with one key)",
    )
    payload_key_file: Path = Field(
        default=Path(".helpdesk/payload-keys.json"),
        description="where the keys are kept when HELPDESK_PAYLOAD_KEYS is not set; created on first use (0600)",
    )
    data_key_database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the database that keeps the wrapped data keys; the store's (HELPDESK_DATABASE_URL) when unset",
    )
    data_key_cache_s: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="how long a process keeps a workflow's data key unwrapped: a key an erasure destroyed elsewhere is unusable everywhere after this",
    )
    codec_cors_origins: tuple[str, ...] = Field(
        default=("http://localhost:8233",),
        description=(
            "origins (the Temporal UI's) allowed to call the codec endpoint from a browser, JSON list; "
            "unset: the dev server's UI at HELPDESK_TEMPORAL_UI_PORT, as localhost and 127.0.0.1"
        ),
    )
    codec_auth: Literal["loopback", "ops"] = Field(
        default="loopback",
        description="who may call /codec: 'loopback' (no token from 127.0.0.1/::1, an ops token otherwise) or 'ops' (always an ops token)",
    )

    # Events to people (R3.1): signed webhooks (delivery/), and the feed GET /v1/events.
    webhooks: tuple[WebhookEndpoint, ...] = Field(
        default=(),
        description=(
            'webhook endpoints, JSON list: [{"name": "backend", "url": "https://…", "secrets": ["whsec_…"], '
            '"types": ["reply.delivered"]}]; none: events wait in the feed'
        ),
    )
    webhook_timeout_s: float = Field(
        default=10.0, gt=0, le=120, description="one delivery attempt; longer is a failure"
    )
    webhook_retry_initial_s: float = Field(
        default=5.0, gt=0, description="the wait after the first failed attempt; it doubles"
    )
    webhook_retry_max_interval_s: float = Field(default=3600.0, gt=0, description="the longest wait between attempts")
    webhook_retry_horizon_hours: float = Field(default=72.0, gt=0, description="retried this long, then dead-lettered")
    webhook_concurrency: int = Field(
        default=16, ge=1, le=256, description="deliveries in flight at once (each thread's stay in order)"
    )
    relay_poll_interval_s: float = Field(
        default=0.2, gt=0, le=60, description="how often an idle relay looks for new events"
    )
    relay_lease_s: float = Field(
        default=30.0, ge=3, le=600, description="a relay that stops renewing is replaced after this long"
    )
    relay_metrics_port: int = Field(
        default=9465, ge=0, le=65535, description="Prometheus port of the relay; 0 turns it off"
    )

    # `make run` (starter/dev/run.py): restarts, logs, development tokens.
    run_max_restarts: int = Field(
        default=5,
        ge=0,
        le=1000,
        description="a child restarted more often than this within the window stops everything",
    )
    run_restart_window_s: float = Field(
        default=60.0, gt=0, description="the window of HELPDESK_RUN_MAX_RESTARTS, in seconds"
    )
    log_dir: Path = Field(
        default=Path(".helpdesk/logs"), description="`make run` writes each child's output to <child>.log here"
    )
    dev_tokens_file: Path = Field(
        default=Path(".helpdesk/dev-tokens.json"),
        description="development API tokens `make run` makes (0600) when HELPDESK_API_TOKENS is not set",
    )

    # The providers the platform pays through (R5.5): "local" records in the store only.
    carrier: str = Field(default="local", description="'local' or 'package.module:factory' (called with the settings)")
    payments: str = Field(default="local", description="'local' or 'package.module:factory' (called with the settings)")

    # Appeals (issue 20): how long a seller may contest a sanction after its statement of reasons.
    appeal_window_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="calendar days after a sanction's statement (to the end of that day, market time) an appeal is heard",
    )

    # Retention of personal data (issue 19, docs/privacy.md "Retention"): days after a thread closed
    # with every case ended, per kind of record; the schedule `helpdesk-retention` sweeps them.
    retention_messages_days: int = Field(
        default=90,
        ge=1,
        le=36500,
        description="message bodies, refusal texts and reply fingerprints; Temporal's retention of closed workflows "
        "must match (HELPDESK_TEMPORAL_MANAGE_RETENTION)",
    )
    retention_events_days: int = Field(
        default=90, ge=1, le=36500, description="texts and notes in the event documents (the feed, the webhooks)"
    )
    retention_case_notes_days: int = Field(default=365, ge=1, le=36500, description="ops' notes on their cases")
    retention_inbound_days: int = Field(
        default=7, ge=1, le=36500, description="the API's inbound copies of buyer messages, from their hand-over"
    )
    retention_access_log_days: int = Field(
        default=730, ge=1, le=36500, description="rows of the read audit (data_access_log), from the read"
    )
    retention_interval_hours: float = Field(
        default=24.0, ge=0.1, le=720, description="how often the schedule helpdesk-retention runs the sweep"
    )
    retention_batch_size: int = Field(
        default=500, ge=1, le=10000, description="threads (or rows) one sweep activity removes in one transaction"
    )
    temporal_manage_retention: bool = Field(
        default=False,
        description="the worker sets the namespace's retention of closed workflows to "
        "HELPDESK_RETENTION_MESSAGES_DAYS at start; `make run` turns it on",
    )

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    @property
    def temporal_port(self) -> int:
        """The port of ``temporal_address``, which ``make run`` starts its dev server on."""
        _, _, port = self.temporal_address.rpartition(":")
        return int(port) if port.isdigit() else 7233

    @model_validator(mode="after")
    def _ui_origins(self) -> Settings:
        """Unset, the codec's CORS origins follow the UI port `make run` serves the UI on."""
        if "codec_cors_origins" not in self.model_fields_set:
            port = self.temporal_ui_port
            self.codec_cors_origins = (f"http://localhost:{port}", f"http://127.0.0.1:{port}")
        if "temporal_ui_url" not in self.model_fields_set:
            self.temporal_ui_url = f"http://localhost:{self.temporal_ui_port}"
        self.temporal_ui_url = self.temporal_ui_url.rstrip("/")
        return self

    @model_validator(mode="after")
    def _tls_pair(self) -> Settings:
        if (self.temporal_tls_cert is None) != (self.temporal_tls_key is None):
            raise ValueError("mTLS needs both HELPDESK_TEMPORAL_TLS_CERT and HELPDESK_TEMPORAL_TLS_KEY")
        for path in (self.temporal_tls_cert, self.temporal_tls_key, self.temporal_tls_ca):
            if path is not None and not path.is_file():
                raise ValueError(f"TLS file {path} does not exist")
        return self

    @field_validator("codec_cors_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """A browser's Origin is scheme://host[:port], never with a path or a trailing slash."""
        cleaned = tuple(origin.rstrip("/") for origin in value)
        for origin in cleaned:
            if not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ValueError(f"{origin!r} is not an origin like http://localhost:8233")
        return cleaned

    @field_validator("payload_keys")
    @classmethod
    def _usable_keys(cls, value: dict[str, SecretStr]) -> dict[str, SecretStr]:
        """Refused at start, naming the key id but never printing the key."""
        try:
            for key_id, secret in value.items():
                decode_key(check_key_id(key_id), secret.get_secret_value())
        except KeyConfigInvalid as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("payload_key_id")
    @classmethod
    def _current_key(cls, value: str | None, info: ValidationInfo) -> str | None:
        if "payload_keys" not in info.data:
            return value  # the keys themselves were refused; that error is the one to read
        keys = info.data["payload_keys"]
        if not keys:
            if value is not None:
                raise ValueError(f"set without {KEYS_VARIABLE} (the key file names its own current key)")
            return None
        try:
            return current_key_id(keys.keys(), value, KEYS_VARIABLE)
        except KeyConfigInvalid as error:
            raise ValueError(str(error)) from None

    @field_validator("markets")
    @classmethod
    def _valid_overrides(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        MarketRegistry.from_overrides(value)  # refuse a bad override at start-up, not at first use
        return value

    @field_validator("webhooks")
    @classmethod
    def _distinct_endpoints(cls, value: tuple[WebhookEndpoint, ...]) -> tuple[WebhookEndpoint, ...]:
        names = [endpoint.name for endpoint in value]
        if len(set(names)) != len(names):
            raise ValueError(f"endpoint names must differ: {names}")
        return value

    @property
    def webhook_retry(self) -> RetryPolicy:
        return RetryPolicy(
            initial=timedelta(seconds=self.webhook_retry_initial_s),
            maximum=timedelta(seconds=self.webhook_retry_max_interval_s),
            horizon=timedelta(hours=self.webhook_retry_horizon_hours),
            timeout=timedelta(seconds=self.webhook_timeout_s),
        )

    @property
    def thread_limits(self) -> ThreadLimits:
        """The numbers a thread runs with, fixed at its start (a changed setting never changes a running thread)."""
        return ThreadLimits(
            reply_working_hours=self.reply_working_hours,
            reminder_hours_left=self.reminder_hours_left,
            half_time_share=self.reminder_half_time_share,
            close_after_days=self.close_after_days,
            clock_skew_s=self.clock_skew_s,
            reply_grace_s=self.reply_grace_s,
            return_window_days=self.return_window_days,
            return_transit_days=self.return_transit_days,
        )

    @cached_property
    def market_registry(self) -> MarketRegistry:
        return MarketRegistry.from_overrides(self.markets)


class SettingsInvalid(InvalidInput):
    """A setting that cannot be used; the message is one line naming the variable."""


def load_settings(**overrides: Any) -> Settings:
    """Read the environment once; keyword arguments win (tests, CLI flags).

    Raises ``SettingsInvalid`` with one line naming the variable and the problem, for entry points
    to print instead of a pydantic report.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:  # a check across fields names its variables itself
            raise SettingsInvalid(f"settings: {message}") from None
        raise SettingsInvalid(f"setting {ENV_PREFIX}{str(first['loc'][0]).upper()}: {message}") from None
    except SettingsError as exc:  # a value that is not even parseable, e.g. malformed JSON
        named = re.search(r'field "(\w+)"', str(exc))
        field = named.group(1).upper() if named else "?"
        raise SettingsInvalid(f"setting {ENV_PREFIX}{field}: not valid JSON (see docs/settings.md)") from None
