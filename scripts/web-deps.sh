#!/usr/bin/env bash
# Installs the web app's pinned npm packages (web/package-lock.json) with `npm ci` when
# web/node_modules is missing or older than the lock file. Serialised by a lock, because the
# OpenAPI lint and the web build share node_modules and ctest runs tests in parallel.
set -euo pipefail

web="$(cd "$(dirname "${BASH_SOURCE[0]}")/../web" && pwd)"
if ! command -v npm >/dev/null 2>&1; then
  echo "web-deps: npm (Node.js >= 20) is required; see scripts/install-deps.sh" >&2
  exit 2
fi
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if (( node_major < 20 )); then
  echo "web-deps: Node.js >= 20 is required (found $(node --version 2>/dev/null || echo none)): Debian 13's nodejs, or NodeSource's on Debian 12" >&2
  exit 2
fi
exec 9>"$web/.npm-ci.lock"
flock 9
cd "$web"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "web-deps: installing the pinned packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
