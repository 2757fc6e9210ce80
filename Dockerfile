# A minimal image for `billbot serve` (see docs/deploy.md for what it does and does not do).
#
#   docker build -t billbot .
#   docker run --rm -v billbot-data:/data -v /srv/cms:/cms:ro billbot data import /cms   # once per CMS release
#   docker run -d --name billbot -p 3000:3000 -v billbot-data:/data --env-file billbot.env billbot
#
# One process per container, no CMS data inside (import it into the volume or into PostgreSQL).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    BILLBOT_DATABASE_URL=sqlite+aiosqlite:////data/billbot.db \
    BILLBOT_LOG_FORMAT=json

# The medical dictionary the PHI screen reads (storage/wordlists.py: it is read where Debian installs it, never copied).
RUN apt-get update && apt-get install -y --no-install-recommends hunspell-en-med && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
RUN pip install . && useradd --system --uid 10001 --home-dir /data billbot \
    && mkdir -p /data && chown billbot /data

USER billbot
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
# Readiness, not just liveness: fails when the database cannot be written.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:3000/readyz', timeout=4).status != 200)"]
# `exec` form: billbot is PID 1 and receives SIGTERM directly (docker stop) and finishes in-flight work.
ENTRYPOINT ["billbot"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
