#!/usr/bin/env bash
# `tracking simulate` against a real demo server subscribed to a real Mosquitto (both started
# here by scripts/run-with-broker.sh, as `make run` does): seals registered, transit declarations
# lodged, secured, paid and bound through the API, signed fixes through the broker — every fix
# sent is accepted and stored, every journey open with its truck on the live map.
set -uo pipefail
OC="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$(dirname "$0")/server_lib.sh"
NOM="${OC_SHARED_DATA:-$ROOT/../shared/data}/hs/nomenclature/hs2022_harmonized-system.csv"
if [ ! -f "$NOM" ]; then echo "SKIP: no HS nomenclature at $NOM (set OC_SHARED_DATA)"; exit 77; fi
if [ ! -x /usr/sbin/mosquitto ]; then echo "SKIP: mosquitto is not installed"; exit 77; fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MQTT=$(free_port)
"$ROOT/scripts/run-with-broker.sh" "$T/var" "$MQTT" "$OC" serve --data "$T/var" --port 0 --demo 10 \
  > "$T/server.out" 2> "$T/server.err" &
SERVER=$!
wait_listening
grep -q "subscribed to devices/+/fixes" "$T/server.err" || fail "the server did not subscribe to the broker"

"$OC" tracking simulate --server "$URL" --broker "mqtt://127.0.0.1:$MQTT" --journeys 4 --rate 8 --minutes 0.1 \
  --json "$T/sim.json" > "$T/sim.out" 2>&1 || fail "tracking simulate: $(cat "$T/sim.out")"
[ "$(grep -c '^journey ' "$T/sim.out")" = 4 ] || fail "four journeys bound: $(cat "$T/sim.out")"
TOKEN=$(curl -sf -X POST "$URL/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"inspector","password":"demo-password"}' | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
sleep 1
for path in v1/tracking/stats v1/tracking/positions "v1/journeys?open=true" readyz; do
  curl -sf "$URL/$path" -H "Authorization: Bearer $TOKEN" > "$T/$(echo "${path#v1/}" | tr '/?=' '___').json" \
    || fail "GET $path"
done
python3 - "$T" <<'PY' || fail "the simulated journeys as the server saw them"
import json, sys
t = sys.argv[1]
sim = json.load(open(t + "/sim.json"))
stats = json.load(open(t + "/tracking_stats.json"))
assert sim["journeys"] == 4 and sim["fixes_sent"] >= 8, sim
assert stats["messages"]["accepted"] == sim["fixes_sent"], (stats, sim)
assert stats["fixes"]["stored"] == sim["fixes_sent"] and stats["fixes"]["refused"] == 0, stats
positions = json.load(open(t + "/tracking_positions.json"))["items"]
assert len({p["journey"] for p in positions}) == 4, positions
journeys = json.load(open(t + "/journeys_open_true.json"))["items"]
assert len(journeys) == 4 and all(j["state"] == "active" and len(j["seals"]) == 1 for j in journeys), journeys
ready = json.load(open(t + "/readyz.json"))
assert any(c["name"] == "mqtt_broker" and c["ok"] for c in ready["checks"]), ready
PY
if "$OC" tracking simulate --server "$URL" --broker "tcp://nowhere" --journeys 1 > "$T/bad.out" 2>&1; then
  fail "a bad broker URL must fail"
fi
grep -q "mqtt://host" "$T/bad.out" || fail "the bad broker URL is named: $(cat "$T/bad.out")"
echo "simulate_test: all checks passed"
