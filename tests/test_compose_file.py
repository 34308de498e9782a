"""docker-compose.temporal.yml and the Dockerfile agree with the code they deploy.

No Docker engine runs where these tests run, so nothing here starts a container: the files are
parsed and checked against what the code reads (``config.Settings``), the commands it has
(``starter.cli``) and the search attributes it upserts (``contract.search_attributes``). A deployment
file drifts silently otherwise: a misspelt variable is ignored (``extra="ignore"``), a search
attribute the server lacks makes workflow tasks retry forever (DESIGN.md). The one-shot setup
script is the exception: it is plain ``sh``, so it is run here against a fake ``temporal`` CLI.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices
from sqlalchemy.engine import make_url

from config import Settings, load_settings
from contract.search_attributes import ALL_SEARCH_ATTRIBUTES, CLI_TYPE_NAMES
from starter.cli import main as helpdesk_main

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.temporal.yml"
DOCKERFILE = ROOT / "Dockerfile"
SETUP_SERVICE = "temporal-setup"
HELPDESK_SERVICES = ("helpdesk-migrate", "worker", "api", "relay")

# Compose interpolation: `$$` is a literal `$`; `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`.
INTERPOLATION = re.compile(r"\$\$|\$\{(?P<braced>\w+)(?::?-(?P<default>[^}]*))?\}|\$(?P<bare>\w+)")


# -- reading the files ---------------------------------------------------------------------------


def load_compose() -> dict[str, Any]:
    with COMPOSE_FILE.open() as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def interpolate(value: str) -> str:
    """The value compose gives when the host sets none of the variables: each default.

    A ``${VAR}`` without a default would be empty on a host without ``VAR``, so it is refused: the
    file must come up with no ``.env`` at all.
    """

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        if match.group("default") is None:
            name = match.group("braced") or match.group("bare")
            raise AssertionError(f"${{{name}}} in {value!r} has no default: `up` without an .env would set it empty")
        return match.group("default")

    return INTERPOLATION.sub(substitute, value)


def environment(service: dict[str, Any]) -> dict[str, str | None]:
    """A service's environment as a mapping, interpolated; None means "passed through from the host"."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, None) for item in raw)
    return {name: None if value is None else interpolate(str(value)) for name, value in raw.items()}


def command_words(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return list(command) if isinstance(command, list) else shlex.split(command)


def setup_script(services: dict[str, dict[str, Any]]) -> str:
    """The shell script the one-shot setup step runs (``sh -c SCRIPT``), as the shell sees it."""
    step = services[SETUP_SERVICE]
    assert step.get("entrypoint") == ["/bin/sh", "-c"], f"{SETUP_SERVICE} must run its command with sh -c"
    (script,) = command_words(step)
    return interpolate(script)


def published(service: dict[str, Any]) -> dict[int, int]:
    """Published ports, container port → host port (short syntax ``"HOST:CONTAINER"``)."""
    ports: dict[int, int] = {}
    for entry in service.get("ports", []):
        host, _, container = str(entry).rpartition(":")
        ports[int(container)] = int(host or container)
    return ports


def settings_variables() -> dict[str, str]:
    """Every environment variable ``Settings`` reads, mapped to its field name."""
    prefix = Settings.model_config.get("env_prefix", "")
    names: dict[str, str] = {}
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            choices = [choice for choice in alias.choices if isinstance(choice, str)]
        elif isinstance(alias, str):
            choices = [alias]
        else:
            choices = [f"{prefix}{field_name}".upper()]
        names.update({choice.upper(): field_name for choice in choices})
    return names


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, comments dropped and continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


# -- the services --------------------------------------------------------------------------------


def test_every_service_has_an_image_or_a_build(services):
    missing = [name for name, service in services.items() if "image" not in service and "build" not in service]
    assert not missing, f"services without image or build (compose cannot start them): {missing}"


def test_every_depends_on_names_a_service(services):
    dangling = {
        name: sorted(set(service.get("depends_on", [])) - set(services))
        for name, service in services.items()
        if set(service.get("depends_on", [])) - set(services)
    }
    assert not dangling, f"depends_on names services that do not exist: {dangling}"


def test_every_interpolated_variable_has_a_default(compose):
    """``docker compose up`` with no .env must give every variable a usable value."""
    for service in compose["services"].values():
        environment(service)  # interpolate() raises on a ${VAR} without default
        for key in ("command", "entrypoint"):
            if key in service:
                for word in command_words({"command": service[key]}):
                    interpolate(word)


def test_helpdesk_services_are_built_from_the_dockerfile(services):
    for name in HELPDESK_SERVICES:
        assert services[name].get("build") in (".", {"context": "."}), f"{name} must be built from ./Dockerfile"


def test_helpdesk_services_share_one_environment(services):
    """One YAML anchor: the migration step, the worker and the API must see the same store and server."""
    environments = {name: environment(services[name]) for name in HELPDESK_SERVICES}
    assert len({json.dumps(env, sort_keys=True) for env in environments.values()}) == 1, environments


# -- the environment against config.py ---------------------------------------------------


@pytest.mark.parametrize("service_name", HELPDESK_SERVICES)
def test_every_variable_is_a_setting(services, service_name):
    """``Settings`` ignores unknown variables, so a misspelt one would silently keep its default."""
    known = settings_variables()
    unknown = sorted(name for name in environment(services[service_name]) if name.upper() not in known)
    assert not unknown, f"{service_name} sets variables config.py does not read: {unknown}"


def _clear_settings_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper() in settings_variables():
            monkeypatch.delenv(name)


def _as_keyword(raw: str) -> Any:
    """A value as a keyword override: JSON for the complex settings (dicts, lists), as pydantic-settings does."""
    return json.loads(raw) if raw[:1] in "{[" else raw


@pytest.mark.parametrize("service_name", HELPDESK_SERVICES)
def test_every_value_is_accepted_and_read(monkeypatch, services, service_name):
    """Loaded from the environment as the container gets it, each value is valid and actually used."""
    given = {name: value for name, value in environment(services[service_name]).items() if value is not None}
    _clear_settings_environment(monkeypatch)
    for name, value in given.items():
        monkeypatch.setenv(name, value)
    from_environment = load_settings()  # raises SettingsInvalid naming the variable on a bad value
    fields = settings_variables()
    for name, value in given.items():
        field = fields[name.upper()]
        expected = getattr(load_settings(**{field: _as_keyword(value)}), field)
        assert getattr(from_environment, field) == expected, f"{name}={value!r} was not read into Settings.{field}"


def test_store_url_names_the_store_service(services):
    """The URL's host, database and credentials are those the helpdesk-db service creates."""
    url = make_url(environment(services["worker"])["HELPDESK_DATABASE_URL"])
    assert url.drivername == "postgresql+psycopg", "psycopg 3 is the only PostgreSQL driver installed"
    assert url.host in services, f"database host {url.host!r} is not a service"
    db = environment(services[url.host])
    assert (url.username, url.password, url.database) == (
        db["POSTGRES_USER"],
        db["POSTGRES_PASSWORD"],
        db["POSTGRES_DB"],
    )
    assert url.port in (None, 5432)


def test_temporal_address_names_the_temporal_service(services):
    host, _, port = environment(services["worker"])["HELPDESK_TEMPORAL_ADDRESS"].rpartition(":")
    assert host in services and "auto-setup" in services[host]["image"], f"{host!r} is not the Temporal server"
    assert int(port) in published(services[host]), f"Temporal frontend port {port} is not the one {host} publishes"


# -- commands, ordering --------------------------------------------------------------------------


@pytest.mark.parametrize("service_name", HELPDESK_SERVICES)
def test_commands_are_real_cli_subcommands(capsys, services, service_name):
    words = command_words(services[service_name])
    assert words[0] == "helpdesk", f"{service_name} must run the `helpdesk` console script the image installs"
    with pytest.raises(SystemExit) as exited:
        helpdesk_main([*words[1:], "--help"])
    assert exited.value.code == 0, f"`{' '.join(words)} --help` failed: {capsys.readouterr().err}"


def test_worker_and_api_commands(services):
    assert command_words(services["worker"]) == ["helpdesk", "worker"]
    assert command_words(services["api"]) == ["helpdesk", "api"]
    assert command_words(services["helpdesk-migrate"]) == ["helpdesk", "migrate"]
    assert command_words(services["relay"]) == ["helpdesk", "relay"]


def test_the_relay_starts_after_migration_and_publishes_its_metrics(services):
    """It reads the store only (no Temporal), so it waits for the migrated store, nothing else."""
    depends = {name: spec.get("condition") for name, spec in services["relay"]["depends_on"].items()}
    assert depends == {"helpdesk-migrate": "service_completed_successfully", "helpdesk-db": "service_healthy"}
    assert int(environment(services["relay"])["HELPDESK_RELAY_METRICS_PORT"]) in published(services["relay"])


@pytest.mark.parametrize("service_name", ["worker", "api"])
def test_worker_and_api_start_after_setup_and_migration(services, service_name):
    """Both need the namespace and search attributes, and a migrated store: the API (and the worker)
    upgrade on start too, which must find nothing to do rather than race each other."""
    depends = services[service_name].get("depends_on")
    assert isinstance(depends, dict), f"{service_name}: depends_on needs conditions, not a bare list"
    conditions = {name: spec.get("condition") for name, spec in depends.items()}
    assert conditions.get(SETUP_SERVICE) == "service_completed_successfully"
    assert conditions.get("helpdesk-migrate") == "service_completed_successfully"
    assert conditions.get("helpdesk-db") == "service_healthy"


def test_migration_waits_for_a_healthy_store(services):
    migrate = services["helpdesk-migrate"]
    assert migrate["depends_on"]["helpdesk-db"]["condition"] == "service_healthy"
    assert "healthcheck" in services["helpdesk-db"], "service_healthy needs a healthcheck"
    assert migrate.get("restart") == "no", "a one-shot step must not be restarted"


def test_setup_step_waits_for_a_healthy_temporal(services):
    assert services[SETUP_SERVICE]["depends_on"]["temporal"]["condition"] == "service_healthy"
    assert "healthcheck" in services["temporal"], "service_healthy needs a healthcheck"


# -- namespace and search attributes -------------------------------------------------------------


def test_setup_creates_the_namespace_the_helpdesk_uses(services):
    script = setup_script(services)
    created = re.findall(r"namespace create --namespace (\S+)", script)
    used = {environment(services[name])["HELPDESK_TEMPORAL_NAMESPACE"] for name in HELPDESK_SERVICES}
    assert len(used) == 1 and created == list(used), f"setup creates {created}, the helpdesk uses {used}"
    targeted = set(re.findall(r"--namespace (\S+)", script))
    assert targeted == used, f"setup registers search attributes in {targeted}, not in {used}"
    assert environment(services["temporal-ui"]).get("TEMPORAL_DEFAULT_NAMESPACE") in used


def test_setup_registers_exactly_the_search_attributes(services):
    registered = re.findall(r"--name (\w+) --type (\w+)", setup_script(services))
    expected = [(key.name, CLI_TYPE_NAMES[key.indexed_value_type]) for key in ALL_SEARCH_ATTRIBUTES]
    assert registered == expected


# -- the setup script, run against a fake `temporal` ----------------------------------------------

FAKE_TEMPORAL = r"""#!/bin/sh
# Records its arguments; answers as the scenario says. Counts calls to fail only the first ones.
echo "$*" >> "$FAKE_DIR/calls"
n=$(( $(cat "$FAKE_DIR/count" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$FAKE_DIR/count"
case "$SCENARIO:$*" in
  *"search-attribute list"*) echo "listed"; exit 0 ;;
  rerun:*"namespace create"*) echo "Error: Namespace already exists." >&2; exit 1 ;;
  rerun:*) echo "Error: unable to add search attributes: Search attribute X already exists." >&2; exit 1 ;;
  conflict:*"--name ReplyDueAt"*) echo "Error: search attribute ReplyDueAt already exists and has different type Keyword" >&2; exit 1 ;;
  starting:*) if [ "$n" -le 3 ]; then echo "Error: Namespace helpdesk is not found." >&2; exit 1; fi ;;
esac
echo "ok"
"""


def run_setup(services: dict[str, dict[str, Any]], tmp_path: Path, scenario: str) -> tuple[int, list[str]]:
    """Run the setup script with ``sh`` against a fake ``temporal`` (and an instant ``sleep``)."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for name, body in {"temporal": FAKE_TEMPORAL, "sleep": "#!/bin/sh\nexit 0\n"}.items():
        path = fake_bin / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    env = {"PATH": f"{fake_bin}:{os.environ['PATH']}", "FAKE_DIR": str(tmp_path), "SCENARIO": scenario}
    result = subprocess.run(
        ["/bin/sh", "-c", setup_script(services)], env=env, capture_output=True, text=True, timeout=30
    )
    calls = (tmp_path / "calls").read_text().splitlines() if (tmp_path / "calls").exists() else []
    return result.returncode, calls


def _created_attributes(calls: list[str]) -> list[tuple[str, str]]:
    return [
        tuple(re.search(r"--name (\w+) --type (\w+)", call).groups())
        for call in calls
        if "search-attribute create" in call
    ]


def test_setup_script_registers_every_attribute(services, tmp_path):
    status, calls = run_setup(services, tmp_path, "fresh")
    assert status == 0
    assert calls[0].startswith("operator namespace create --namespace ")
    expected = [(key.name, CLI_TYPE_NAMES[key.indexed_value_type]) for key in ALL_SEARCH_ATTRIBUTES]
    assert _created_attributes(calls) == expected


def test_setup_script_is_idempotent(services, tmp_path):
    """A second `up` finds everything there: "already exists" is success, so the worker still starts."""
    status, calls = run_setup(services, tmp_path, "rerun")
    assert status == 0
    assert len(_created_attributes(calls)) == len(ALL_SEARCH_ATTRIBUTES)


def test_setup_script_retries_while_the_namespace_is_not_ready(services, tmp_path):
    status, calls = run_setup(services, tmp_path, "starting")
    assert status == 0
    assert len(calls) > 1 + len(ALL_SEARCH_ATTRIBUTES) + 1, "the failed calls must have been retried"


def test_setup_script_fails_on_a_type_conflict(services, tmp_path):
    """An attribute registered with another type is not "already done": the worker must not start."""
    status, calls = run_setup(services, tmp_path, "conflict")
    assert status != 0
    assert not any("AbsenceState" in call for call in calls), "setup must stop at the conflict"


# -- ports ---------------------------------------------------------------------------------------


def test_api_port_is_published(services):
    port = load_settings(api_port=environment(services["api"])["HELPDESK_API_PORT"]).api_port
    assert port in published(services["api"]), f"the API listens on {port}, published: {published(services['api'])}"


def test_metrics_port_is_published(services):
    port = load_settings(metrics_port=environment(services["worker"])["HELPDESK_METRICS_PORT"]).metrics_port
    assert port in published(services["worker"]), (
        f"the worker serves metrics on {port}, published: {published(services['worker'])}"
    )


def test_temporal_ports(services):
    assert published(services["temporal"]).get(7233) == 7233, "the frontend, for workers and CLIs outside compose"
    ui_port = Settings.model_fields["temporal_ui_port"].default
    assert published(services["temporal-ui"]).get(8080) == ui_port, f"the UI on {ui_port}, where `make run` puts it"


# -- the Dockerfile ------------------------------------------------------------------------------


def test_dockerfile_installs_the_project_without_dev_extra():
    runs = [args for keyword, args in dockerfile_instructions() if keyword == "RUN"]
    installs = [args for args in runs if re.search(r"\bpip install\b", args)]
    assert installs, "the Dockerfile must `pip install` the project"
    assert any(re.search(r"\bpip install\b.*(^|\s)\.(\s|$)", args) for args in installs), (
        f"no `pip install .`: {installs}"
    )
    assert not any("[dev]" in args for args in installs), "the production image must not carry the dev extra"


def test_dockerfile_command_is_the_installed_script():
    instructions = dockerfile_instructions()
    assert ("FROM", "python:3.11-slim") in instructions
    (cmd,) = [json.loads(args) for keyword, args in instructions if keyword == "CMD"]
    assert cmd == ["helpdesk", "worker"]
    assert not [args for keyword, args in instructions if keyword == "ENTRYPOINT"], (
        "an ENTRYPOINT would prefix compose's commands"
    )
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts.get(cmd[0]) == "starter.cli:main", f"`pip install .` must install the `{cmd[0]}` script"


def test_dockerfile_runs_as_a_non_root_user():
    keywords = [keyword for keyword, _ in dockerfile_instructions()]
    users = [args for keyword, args in dockerfile_instructions() if keyword == "USER"]
    assert users and users[-1] not in ("root", "0"), "the image must not run as root"
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN"), "USER after the last RUN"


def test_dockerignore_keeps_local_state_out():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for entry in (".venv", ".temporal", "helpdesk.db*", "tests/artifacts", ".git", ".hypothesis", ".pytest_cache"):
        assert entry in ignored, f".dockerignore must exclude {entry}"
    assert ignored & {"__pycache__", "**/__pycache__"}
