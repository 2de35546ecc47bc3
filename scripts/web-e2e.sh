#!/usr/bin/env bash
# The web app's end-to-end tests: playwright-core drives Debian's chromium (headless) against a
# real server it starts on loopback with the built app. Usage: web-e2e.sh PATH/TO/opencustoms
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:?usage: web-e2e.sh PATH/TO/opencustoms}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "web-e2e: $chromium not found (apt install chromium; scripts/install-deps.sh does)" >&2
  exit 2
fi
# The demo's declarations are drawn from the HS nomenclature of the shared data directory.
shared="${OC_SHARED_DATA:-$root/../shared/data}"
if [[ ! -f "$shared/hs/nomenclature/hs2022_harmonized-system.csv" ]]; then
  echo "web-e2e: SKIP: no HS nomenclature in $shared (set OC_SHARED_DATA)"
  exit 77
fi
export OC_SHARED_DATA="$shared"
"$root/scripts/build-web.sh"
cd "$root/web"
OPENCUSTOMS_BIN="$bin" CHROMIUM="$chromium" exec node e2e/run.mjs
