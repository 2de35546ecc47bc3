#!/usr/bin/env bash
# CLI end to end: user add, demo-data to a file and into the store, lodge, show, import with a
# rejected row, and clear errors with non-zero exit codes for bad input.
set -uo pipefail
OC="$1"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Demo declarations and the classifier read the HS nomenclature from the shared data directory.
NOM="${OC_SHARED_DATA:-$(dirname "$0")/../../shared/data}/hs/nomenclature/hs2022_harmonized-system.csv"
if [ ! -f "$NOM" ]; then echo "SKIP: no HS nomenclature at $NOM (set OC_SHARED_DATA)"; exit 77; fi
expect_fail() { local what="$1"; shift; if "$@" >"$T/out" 2>&1; then fail "$what should have failed"; fi; grep -q "error" "$T/out" || fail "$what printed no error: $(cat "$T/out")"; }

echo "secret-password-1" | "$OC" user add --role trader --org 301234567 --name clerk --password-stdin --data "$T/var" | grep -q "created user clerk" || fail "user add"
expect_fail "duplicate user" bash -c "echo secret-password-1 | '$OC' user add --role trader --org 301234567 --name clerk --password-stdin --data '$T/var'"
expect_fail "bad role" bash -c "echo secret-password-1 | '$OC' user add --role pilot --name x --password-stdin --data '$T/var'"
expect_fail "weak password" bash -c "echo short | '$OC' user add --role admin --name admin2 --password-stdin --data '$T/var'"

"$OC" demo-data --count 5 --out "$T/demo.jsonl" --items 2 >/dev/null || fail "demo-data --out"
[ "$(wc -l < "$T/demo.jsonl")" = 5 ] || fail "demo-data wrote $(wc -l < "$T/demo.jsonl") lines"
python3 - "$T/demo.jsonl" "$T/one.json" <<'PY' || fail "make one.json"
import json, sys
d = json.loads(open(sys.argv[1]).readline())
d["parties"]["declarant"]["tin"] = "301234567"
d["parties"]["importer"]["tin"] = "301234567"
d["parties"]["buyer"]["tin"] = "301234567"
open(sys.argv[2], "w").write(json.dumps(d))
PY
out=$("$OC" lodge "$T/one.json" --as clerk --data "$T/var") || fail "lodge: $out"
echo "$out" | grep -q "lodged: id 1, MRN [0-9][0-9]UZ" || fail "lodge output: $out"
mrn=$(echo "$out" | sed -E 's/.*MRN ([0-9A-Z]{18}).*/\1/')
"$OC" lodge "$T/one.json" --as clerk --data "$T/var" | grep -q "already lodged" || fail "idempotent lodge"
# Registration runs the risk engine: the lane is decided, and a green lane is assessed at once.
"$OC" show "$mrn" --data "$T/var" | grep -qE "Lane       (green|blue|yellow|red)" || fail "show"
"$OC" show "$mrn" --json --data "$T/var" | python3 -c '
import json, sys
d = json.load(sys.stdin)
expect = {"green": "assessed", "blue": "assessed", "yellow": "under_control", "red": "under_control"}
assert d["state"] == expect[d["lane"]], d
assert [h["action"] for h in d["history"]][:2] == ["submit", "register"] and len(d["history"]) == 3, d["history"]' || fail "show --json"
expect_fail "show unknown" "$OC" show 26UZ000000000099M0 --data "$T/var"
echo '{"lrn": ' > "$T/bad.json"
expect_fail "lodge malformed" "$OC" lodge "$T/bad.json" --as clerk --data "$T/var"
expect_fail "lodge missing file" "$OC" lodge "$T/nope.json" --as clerk --data "$T/var"

# ledger audit: the local store's entries audit clean; an edited, a deleted and two swapped
# entries are each found by index (exit 3).
"$OC" ledger audit --data "$T/var" --json "$T/audit.json" > "$T/audit.out" || fail "ledger audit of a clean store: $(cat "$T/audit.out")"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["clean"] and j["entries"] >= 3, j' "$T/audit.json" || fail "audit json"
tamper() {  # tamper NAME SQL: a copy of the store with one change, audited
  rm -rf "$T/$1"; cp -r "$T/var" "$T/$1"
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$T/$1/opencustoms.db" "$2"
  set +e; "$OC" ledger audit --data "$T/$1" > "$T/$1.out" 2>&1; local rc=$?; set -e
  [ "$rc" = 3 ] || fail "ledger audit of $1 exited $rc: $(cat "$T/$1.out")"
}
tamper edited "UPDATE ledger_entries SET data = data || x'20' WHERE idx = 1;"
grep -q "^changed at 1:" "$T/edited.out" || fail "edited entry not reported: $(cat "$T/edited.out")"
tamper deleted "DELETE FROM ledger_entries WHERE idx = 1;"
grep -q "^removed at 1:" "$T/deleted.out" || fail "deleted entry not reported: $(cat "$T/deleted.out")"
tamper swapped "CREATE TEMP TABLE t AS SELECT idx, data FROM ledger_entries WHERE idx IN (0, 2);
  UPDATE ledger_entries SET data = (SELECT data FROM t WHERE t.idx = 2) WHERE idx = 0;
  UPDATE ledger_entries SET data = (SELECT data FROM t WHERE t.idx = 0) WHERE idx = 2;"
grep -q "^reordered at 0:" "$T/swapped.out" && grep -q "^reordered at 2:" "$T/swapped.out" ||
  fail "swapped entries not reported: $(cat "$T/swapped.out")"
expect_fail "ledger verify with a bad key" "$OC" ledger verify --key "not-a-key" --checkpoint "$T/audit.json"

# Bulk import: two good declarations (3 rows) and one with an unknown HS code on its second row.
today=$(date -u +%F)
cat > "$T/import.csv" <<CSV
lrn,type,procedure,office,issue_date,declarant_tin,declarant_name,declarant_city,declarant_country,importer_tin,importer_name,importer_country,exporter_name,exporter_country,border_mode,invoice_number,invoice_date,invoice_currency,invoice_total,incoterm,exchange_rate,item_seq,description,hs,origin,net_mass,gross_mass,price,package_count,package_kind
IMP-1,IM,4000,UZ260101,$today,301234567,Clerk Co,Tashkent,UZ,301234567,Clerk Co,UZ,Shenzhen Ltd,CN,3,I-1,$today,USD,1500,FCA,12650.25,1,laptops,847130,CN,100,110,1000,10,CT
IMP-1,IM,4000,UZ260101,$today,301234567,Clerk Co,Tashkent,UZ,301234567,Clerk Co,UZ,Shenzhen Ltd,CN,3,I-1,$today,USD,1500,FCA,12650.25,2,mice,847160,CN,20,25,500,5,CT
IMP-2,IM,4000,UZ260101,$today,301234567,Clerk Co,Tashkent,UZ,301234567,Clerk Co,UZ,Shenzhen Ltd,CN,3,I-2,$today,USD,300,FCA,12650.25,1,cotton shirts,620520,CN,30,33,300,3,CT
IMP-3,IM,4000,UZ260101,$today,301234567,Clerk Co,Tashkent,UZ,301234567,Clerk Co,UZ,Shenzhen Ltd,CN,3,I-3,$today,USD,700,FCA,12650.25,1,tea,090230,CN,50,55,400,5,CT
IMP-3,IM,4000,UZ260101,$today,301234567,Clerk Co,Tashkent,UZ,301234567,Clerk Co,UZ,Shenzhen Ltd,CN,3,I-3,$today,USD,700,FCA,12650.25,2,mystery,999999,CN,50,55,300,5,CT
CSV
"$OC" import "$T/import.csv" --as clerk --data "$T/var" > "$T/import.out" 2>&1 && fail "import with a bad row should exit non-zero"
grep -q "2 lodged, 0 already present, 1 rejected" "$T/import.out" || fail "import summary: $(cat "$T/import.out")"
grep -q "line 6 /items/1/commodity/hs \[unknown_hs_code\]" "$T/import.out" || fail "import row reason: $(cat "$T/import.out")"
echo "lrn,colour" > "$T/badcols.csv"
expect_fail "import unknown column" "$OC" import "$T/badcols.csv" --as clerk --data "$T/var"

"$OC" demo-data --count 20 --seed 2 --data "$T/var" | grep -q "lodged 20 demo declarations" || fail "demo-data into store"
# Tariff quotes (only where the shared US schedule is present, as in CI).
if "$OC" tariff stats > "$T/stats.out" 2>&1; then
  grep -q "26588 tariff lines" "$T/stats.out" || fail "tariff stats: $(cat "$T/stats.out")"
  "$OC" tariff quote --code 6110.20.20 --origin CN --value 100 USD --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["total"]=="24.00" and d["currency"]=="USD", d' || fail "tariff quote --json"
  expect_fail "tariff quote without quantity" "$OC" tariff quote --code 2204.21.50 --origin FR --value 100 USD
  expect_fail "tariff quote unknown schedule" "$OC" tariff quote --schedule nowhere --code 1 --origin FR --value 1 USD
else
  echo "cli_test: skipping tariff checks (no ../shared/data/tariff here)"
fi
# Exchange rates: a central bank's JSON merges into a copy of the table; bad input is refused.
cp "$(dirname "$0")/../data/ref/exchange_rates.csv" "$T/rates.csv"
echo '[{"Ccy":"USD","Nominal":"1","Rate":"12801.17","Date":"20.11.2026"}]' > "$T/cbu.json"
"$OC" rates import "$T/cbu.json" --table "$T/rates.csv" | grep -q "1 new or changed" || fail "rates import"
"$OC" rates import "$T/cbu.json" --table "$T/rates.csv" | grep -q "0 new or changed" || fail "rates import is idempotent"
"$OC" rates show --from USD --date 2026-11-20 --table "$T/rates.csv" | grep -q "= 12801.17 UZS" || fail "rates show new"
"$OC" rates show --from USD --date 2026-11-19 --table "$T/rates.csv" | grep -q "= 12650.25 UZS" || fail "rates show old"
echo '[{"Ccy":"USD","Rate":"-1","Date":"20.11.2026"}]' > "$T/bad-rates.json"
expect_fail "rates import negative" "$OC" rates import "$T/bad-rates.json" --table "$T/rates.csv"
expect_fail "rates show unknown pair" "$OC" rates show --from XXX --table "$T/rates.csv"
# Risk: unreadable or malformed labelled data is refused with a message and a non-zero exit.
expect_fail "risk evaluate missing file" "$OC" risk evaluate --train "$T/none.csv" --test "$T/none.csv"
printf 'Declaration ID,Date\n1,2020-01-01\n' > "$T/short.csv"
expect_fail "risk evaluate missing columns" "$OC" risk evaluate --train "$T/short.csv" --test "$T/short.csv"
# risk assess: criteria from a file over a small labelled batch; each declaration gets its lane.
python3 - "$T/batch.csv" <<'PY'
import sys
cols = ("Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,"
        "Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,"
        "Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud")
with open(sys.argv[1], "w") as f:
    f.write(cols + "\n")
    for i in range(200):
        importer = "WATCHED" if i % 50 == 0 else "IMP%d" % i
        f.write("%d,2020-01-%02d,30,B,11,21,11,10,D%d,%s,S,,851712,CN,CN,8.0,FEU1,G,10.0,%d,%d,0\n"
                % (i, 1 + i % 28, i % 7, importer, 1000 + i, 1 if i % 50 == 0 else 0))
PY
cat > "$T/criteria.json" <<'JSON'
{"lists": {"watch": ["WATCHED"]},
 "criteria": [{"id": "W", "expression": "importer in @watch", "lane": "red", "description": "watch-list"}]}
JSON
"$OC" risk assess "$T/batch.csv" --criteria "$T/criteria.json" --out "$T/lanes.csv" --json "$T/assess.json" 2> "$T/assess.err" || fail "risk assess"
python3 - "$T/lanes.csv" "$T/assess.json" <<'PY' || fail "risk assess output"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 200, len(rows)
red = [r for r in rows if r["lane"] == "red" and r["source"] == "rule"]
assert sorted(r["id"] for r in red) == ["0", "100", "150", "50"], red
assert all(r["criteria"] == "W" for r in red)
summary = json.load(open(sys.argv[2]))
assert summary["rows"] == 200 and summary["criteria"] == 1 and summary["lanes"]["red"]["frauds"] == 4, summary
PY
expect_fail "risk assess without model or criteria" "$OC" risk assess "$T/batch.csv"
echo '{"criteria": [{"expression": "origin = ", "lane": "red"}]}' > "$T/bad-criteria.json"
out=$("$OC" risk assess "$T/batch.csv" --criteria "$T/bad-criteria.json" 2>&1) && fail "risk assess bad criterion accepted"
echo "$out" | grep -q "at 10: expected a value" || fail "risk assess bad criterion message: $out"
expect_fail "risk simulate too short" "$OC" risk simulate "$T/batch.csv" --warmup 8
# classify: a small labelled file over the real nomenclature, no tariff; evaluated on itself.

cat > "$T/labelled.csv" <<'CSV'
id,source,description,code,codes,split_bucket
a,test,mens leather ankle boots,6403910000,6403910000,0
b,test,leather chelsea boots brown,6403919800,6403919800,0
c,test,frozen cod fillets,0304710000,0304710000,0
d,test,knitted cotton jumper,6110209100,6110209100;6110201000,0
e,test,brown leather boots for men,6403910000,6403910000,7
f,test,frozen fillets of cod,0304710000,0304710000,7
CSV
"$OC" classify train --labelled "$T/labelled.csv" --tariff '' --nomenclature "$NOM" --out "$T/hs" > "$T/train.out" || fail "classify train: $(cat "$T/train.out")"
[ -s "$T/hs/reranker.json" ] || fail "classify train wrote no reranker (bucket 7 is its calibration split)"
# --if-stale (make run) keeps a current model and retrains one written by another version.
touch -d '2000-01-01' "$T/hs/texts.tsv"
"$OC" classify train --if-stale --labelled "$T/labelled.csv" --tariff '' --nomenclature "$NOM" --out "$T/hs" | grep -q "is current" \
  || fail "classify train --if-stale retrained a current model"
[ "$(stat -c %Y "$T/hs/texts.tsv")" -lt 1000000000 ] || fail "classify train --if-stale rewrote a current model"
echo "opencustoms-hs-model-0" > "$T/hs/format"
"$OC" classify train --if-stale --labelled "$T/labelled.csv" --tariff '' --nomenclature "$NOM" --out "$T/hs" > /dev/null \
  || fail "classify train --if-stale on a stale model"
[ "$(stat -c %Y "$T/hs/texts.tsv")" -gt 1000000000 ] && grep -q "opencustoms-hs-model-[1-9]" "$T/hs/format" \
  || fail "classify train --if-stale did not retrain a stale model"
"$OC" classify evaluate --test "$T/labelled.csv" --model "$T/hs" --nomenclature "$NOM" --json "$T/cls.json" \
  --predictions "$T/predictions.csv" --candidates "$T/candidates.csv" > /dev/null || fail "classify evaluate"
python3 - "$T/predictions.csv" "$T/candidates.csv" <<'PY' || fail "classify evaluate --predictions/--candidates output"
import csv, sys
p = list(csv.DictReader(open(sys.argv[1])))
assert len(p) == 6 and p[0]["description"] == "mens leather ankle boots" and len(p[0]["hs6_1"]) == 6, p[:1]
assert 0 <= float(p[0]["confidence_1"]) <= 1, p[0]
c = list(csv.DictReader(open(sys.argv[2])))
assert {r["row"] for r in c} == {str(i) for i in range(6)}, "every row's candidates"
assert all(r["right"] in ("0", "1") for r in c) and "word_coverage" in c[0], c[0]
# The right code is among each well-described row's candidates.
assert {r["row"] for r in c if r["right"] == "1"} >= {"0", "2"}, c
PY
expect_fail "classify evaluate --predictions into a missing directory" "$OC" classify evaluate --test "$T/labelled.csv" --model "$T/hs" \
  --nomenclature "$NOM" --predictions "$T/no/such/dir/p.csv"
python3 - "$T/cls.json" <<'PY' || fail "classify evaluate output"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["rows"] == 6, j
assert 0 <= j["confidence"]["ece"] <= 1 and 0 <= j["confidence"]["mean"] <= 1, j
m = j["misclassification"]
assert m["rows"] == 6 and 0 <= m["false_alarm"] <= 1 and 0 <= m["detected"] <= 1, j
assert m["mean_wrong"] > m["mean_correct"], j
assert j["hs2"]["top1"] >= 0.75 and j["hs4"]["top5"] >= 0.75, j
assert set(j["by_source"]) == {"test"}, j
for level in ("hs2", "hs4", "hs6"):
    assert 0 <= j[level]["top1"] <= j[level]["top5"] <= 1, j
PY
expect_fail "classify evaluate without a model" "$OC" classify evaluate --test "$T/labelled.csv" --model "$T/none" --nomenclature "$NOM"
printf 'id,description\n1,boots\n' > "$T/nocodes.csv"
expect_fail "classify evaluate without codes column" "$OC" classify evaluate --test "$T/nocodes.csv" --model "$T/hs" --nomenclature "$NOM"
expect_fail "classify train bad nomenclature" "$OC" classify train --labelled "$T/labelled.csv" --tariff '' --nomenclature "$T/none.csv" --out "$T/hs2"
# tracking replay: a route and fixes through the journey pipeline (the issue's file formats).
cat > "$T/route.geojson" <<'JSON'
{"type":"FeatureCollection","properties":{"name":"L"},"features":[
 {"type":"Feature","properties":{"width_m":500,"time_limit_h":1},"geometry":{"type":"LineString","coordinates":[[69.0,41.0],[69.0,41.2],[69.3,41.2]]}},
 {"type":"Feature","properties":{"role":"destination"},"geometry":{"type":"Polygon","coordinates":[[[69.29,41.19],[69.31,41.19],[69.31,41.21],[69.29,41.21],[69.29,41.19]]]}},
 {"type":"Feature","properties":{"role":"stop"},"geometry":{"type":"Polygon","coordinates":[[[68.99,41.09],[69.01,41.09],[69.01,41.11],[68.99,41.11],[68.99,41.09]]]}}]}
JSON
cat > "$T/fixes.csv" <<'CSV'
device_id,time,lat,lon,speed_kmh,seal
S1,2026-12-01T10:00:00Z,41.0,69.0,60,closed
S1,2026-12-01T10:10:00Z,41.1,69.0,0,closed
S1,2026-12-01T11:10:00Z,41.1,69.0,0,closed
S1,2026-12-01T11:20:00Z,41.15,69.05,70,opened
S1,2026-12-01T11:30:00Z,41.2,69.15,70,opened
S1,2026-12-01T11:40:00Z,41.2,69.3,10,opened
S1,2026-12-01T11:30:00Z,41.2,69.3,10,opened
S1,not a time,41.2,69.3,10,opened
CSV
"$OC" tracking replay --route "$T/route.geojson" --fixes "$T/fixes.csv" --json "$T/replay.json" > /dev/null 2> "$T/replay.err" \
  || fail "tracking replay"
grep -q "line 9: time is not an RFC 3339 timestamp" "$T/replay.err" || fail "tracking replay names the refused line"
python3 - "$T/replay.json" <<'PY' || fail "tracking replay output"
import json, sys
j = json.load(open(sys.argv[1]))
kinds = [a["kind"] for a in j["alerts"]]
# 60 min at the authorised stop: no long stop; an hour's silence there: offline; the seal opened;
# the point off the corridor; the limit of 1 h passed; then arrival.
assert kinds == ["offline", "overdue", "corridor_exit", "seal_opened", "corridor_return", "arrived"], kinds
assert j["fixes"] == 8 and j["refused"] == 2, j
assert j["alerts"][0]["time"] == "2026-12-01T10:40:00.000Z", j["alerts"][0]
assert all(a["device"] == "S1" and isinstance(a["lat"], float) for a in j["alerts"]), j
PY
expect_fail "tracking replay without a destination" "$OC" tracking replay --route "$T/fixes.csv" --fixes "$T/fixes.csv"
printf 'id,lat\n' > "$T/badfixes.csv"
expect_fail "tracking replay with another CSV" "$OC" tracking replay --route "$T/route.geojson" --fixes "$T/badfixes.csv"
echo "cli_test: all checks passed"
