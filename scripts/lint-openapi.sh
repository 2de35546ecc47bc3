#!/usr/bin/env bash
# Lints docs/openapi.yaml with Redocly CLI (version pinned in web/package-lock.json).
# Exits non-zero when the API description has errors (or warnings promoted to errors in
# web/redocly.yaml). Installs the pinned linter on first use, and again when the lock file changes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/web"

"$root/scripts/web-deps.sh"

# No telemetry, no update or notification banners in CI logs.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export REDOCLY_SUPPRESS_NOTIFICATIONS=true

exec npx --no-install redocly lint ../docs/openapi.yaml --config redocly.yaml
