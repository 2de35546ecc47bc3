#!/usr/bin/env bash
# Lints docs/openapi.yaml with Redocly CLI (version pinned in web/package-lock.json).
# Exits non-zero when the API description has errors (or warnings promoted to errors in
# web/redocly.yaml). Installs the pinned linter on first use, and again when the lock file changes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/web"

if ! command -v npm >/dev/null 2>&1; then
  echo "lint-openapi: npm (Node.js >= 18.17) is required; see scripts/install-deps.sh" >&2
  exit 2
fi

if [[ ! -x node_modules/.bin/redocly || ! -f node_modules/.package-lock.json ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "lint-openapi: installing the pinned linter (npm ci)" >&2
  npm ci --no-audit --no-fund
fi

# No telemetry, no update or notification banners in CI logs.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export REDOCLY_SUPPRESS_NOTIFICATIONS=true

exec npx --no-install redocly lint ../docs/openapi.yaml --config redocly.yaml
