# The helpdesk image: one image for the worker, the HTTP API and `helpdesk migrate`
# (docker-compose.temporal.yml picks the command). Configuration comes only from HELPDESK_*
# environment variables (docs/settings.md); nothing is baked in.
FROM python:3.11-slim

# No .pyc files next to read-only site-packages, log lines out at once (no stdout buffering),
# no pip cache left in the layer.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY . .
# The locked production dependencies (no test tools, no dev server: the image talks to a real
# Temporal server), then the project itself, which installs the `helpdesk` script the CMD runs.
RUN pip install -r requirements/production.txt && pip install --no-deps .

# Run as an unprivileged user, in a home it owns: a store left at its SQLite default
# (helpdesk.db, relative) must be writable, and the source tree stays root-owned. Its .helpdesk/
# (the payload key file's default place, a volume shared by worker and API in compose) exists
# owned by that user, so a fresh named volume mounted there is writable by it too.
RUN useradd --create-home --uid 10001 --user-group helpdesk \
    && install -d -m 700 -o helpdesk -g helpdesk /home/helpdesk/.helpdesk
USER helpdesk
WORKDIR /home/helpdesk

# The HTTP API (HELPDESK_API_PORT) and the worker's Prometheus metrics (HELPDESK_METRICS_PORT).
EXPOSE 8080 9464

CMD ["helpdesk", "worker"]
