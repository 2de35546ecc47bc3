#!/usr/bin/env bash
# Installed as an IT team would: `cmake --install` into a prefix, the binary run from elsewhere
# with the example configuration (overridden by OC_* variables) finds its reference data beside
# itself, starts without the shared data saying what is off, logs JSON lines, answers its probes;
# the systemd unit passes `systemd-analyze verify` against the installed binary.
# Usage: install_test.sh BUILD_DIR
set -uo pipefail
BUILD="$1"
source "$(dirname "$0")/server_lib.sh"

cmake --install "$BUILD" --prefix "$T/prefix" > "$T/install.out" 2>&1 || fail "cmake --install: $(tail -5 "$T/install.out")"
P="$T/prefix"
for f in bin/opencustoms share/opencustoms/ref/procedures.csv share/opencustoms/tariff/demo-uz/measures.csv \
         share/opencustoms/deploy/opencustoms.toml share/opencustoms/deploy/opencustoms.service \
         share/opencustoms/deploy/opencustoms.sysusers share/opencustoms/deploy/Dockerfile; do
  [ -f "$P/$f" ] || fail "the install lacks $f"
done
[ -e "$P/share/opencustoms/hs" ] && fail "third-party HS data was installed"

# From a directory with no ../shared/data, with no OC_SHARED_DATA: the example configuration's
# shared-data path does not exist here, which the server must say and survive.
mkdir -p "$T/run/cwd"
cd "$T/run/cwd"
env -u OC_SHARED_DATA -u OC_DATA_DIR OC_DATA="$T/state" OC_PORT=0 OC_ACCESS_LOG="$T/access.log" \
  "$P/bin/opencustoms" serve --config "$P/share/opencustoms/deploy/opencustoms.toml" > "$T/server.out" 2> "$T/server.err" &
SERVER=$!
wait_listening
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/livez")" = 200 ] || fail "/livez"
curl -s "$URL/readyz" > "$T/ready.json"
python3 - "$T/ready.json" <<'PY' || fail "readiness: $(cat "$T/ready.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "ready", r
PY
curl -s "$URL/v1/config" | grep -q '"country":"UZ"' || fail "the configuration file's country"
kill "$SERVER"; wait "$SERVER"; SERVER=""
# The main log: JSON lines (log-format = "json" in the file), the missing data named.
python3 - "$T/server.err" "$T/access.log" <<'PY' || fail "logs"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert lines and all({"time", "level", "msg"} <= set(l) for l in lines), lines[:3]
assert any(l["level"] == "warning" and "no HS nomenclature" in l["msg"] for l in lines), lines
access = [json.loads(l) for l in open(sys.argv[2])]
assert [a["route"] for a in access] == ["GET /livez", "GET /readyz", "GET /v1/config"], access
PY
[ "$(stat -c %a "$T/state")" = 700 ] || fail "the data directory is not 0700"

# The unit, pointed at the installed binary.
if command -v systemd-analyze > /dev/null; then
  sed "s|/usr/local/bin/opencustoms|$P/bin/opencustoms|" "$P/share/opencustoms/deploy/opencustoms.service" > "$T/opencustoms.service"
  systemd-analyze verify "$T/opencustoms.service" > "$T/verify.out" 2>&1 || fail "systemd-analyze verify: $(cat "$T/verify.out")"
  [ -s "$T/verify.out" ] && fail "systemd-analyze verify warns: $(cat "$T/verify.out")"
else
  echo "note: no systemd-analyze here; the unit was not verified"
fi
echo "install_test: all checks passed"
