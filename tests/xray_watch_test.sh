#!/usr/bin/env bash
# `xray watch DIR` against a real demo server: a scanner's files dropped in a folder are uploaded
# to the declarations their names give; what the server refuses (not a scan, no declaration in
# the name) goes to failed/ with the reason beside it; the scan is then on its declaration.
set -uo pipefail
OC="$1"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$(dirname "$0")/server_lib.sh"
NOM="${OC_SHARED_DATA:-$ROOT/../shared/data}/hs/nomenclature/hs2022_harmonized-system.csv"
if [ ! -f "$NOM" ]; then echo "SKIP: no HS nomenclature at $NOM (set OC_SHARED_DATA)"; exit 77; fi
"$OC" serve --data "$T/var" --port 0 --demo 3 > "$T/server.out" 2> "$T/server.err" &
SERVER=$!
wait_listening

DROP="$T/drop"
mkdir -p "$DROP"
cp "$ROOT/fuzz/corpus/xray/grey16.png" "$DROP/1__MSCU1234565__bag7.png"
cp "$ROOT/fuzz/corpus/xray/dx.dcs" "$DROP/2__truck.dcs"
echo "not a scan" > "$DROP/1__notes.txt"
cp "$ROOT/fuzz/corpus/xray/grey8.tiff" "$DROP/unnamed.tiff"
if OC_PASSWORD=demo-password "$OC" xray watch "$DROP" --server "$URL" --once > "$T/watch.out" 2>&1; then
  fail "refused files must make the exit status non-zero: $(cat "$T/watch.out")"
fi
grep -q "2 uploaded, 2 refused" "$T/watch.out" || fail "two uploaded, two refused: $(cat "$T/watch.out")"
[ -f "$DROP/done/1__MSCU1234565__bag7.png" ] && [ -f "$DROP/done/2__truck.dcs" ] || fail "uploaded files go to done/"
[ -f "$DROP/failed/1__notes.txt" ] && [ -f "$DROP/failed/unnamed.tiff" ] || fail "refused files go to failed/"
grep -q "unsupported_format" "$DROP/failed/1__notes.txt.reason.txt" || fail "the reason: $(cat "$DROP/failed/1__notes.txt.reason.txt")"
grep -q "declaration" "$DROP/failed/unnamed.tiff.reason.txt" || fail "no declaration in the name"

TOKEN=$(curl -sf -X POST "$URL/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"inspector","password":"demo-password"}' | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')
curl -sf "$URL/v1/declarations/1/scans" -H "Authorization: Bearer $TOKEN" > "$T/scans1.json" || fail "GET scans"
curl -sf "$URL/v1/declarations/2/scans" -H "Authorization: Bearer $TOKEN" > "$T/scans2.json" || fail "GET scans"
python3 - "$T" <<'PY' || fail "the scans on their declarations"
import json, sys
t = sys.argv[1]
one = json.load(open(t + "/scans1.json"))["items"]
two = json.load(open(t + "/scans2.json"))["items"]
assert len(one) == 1 and one[0]["format"] == "png" and one[0]["container"] == "MSCU1234565" and one[0]["bits"] == 16, one
assert len(two) == 1 and two[0]["format"] == "dicos" and two[0]["object"] == "dx", two
PY
ls "$T/var/scans/"*/* > /dev/null 2>&1 || fail "the files beside the store"
echo "xray_watch_test: all checks passed"
