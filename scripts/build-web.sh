#!/usr/bin/env bash
# Builds the browser app (web/ -> web/dist) when its sources are newer than the last build.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/web-deps.sh"
cd "$root/web"
if [[ -f dist/index.html ]] &&
   [[ -z "$(find src index.html package-lock.json vite.config.ts tsconfig.json -newer dist/index.html -print -quit)" ]]; then
  exit 0
fi
echo "build-web: building the web app (type check + vite build)" >&2
npm run --silent build
