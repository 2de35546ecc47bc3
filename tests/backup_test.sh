#!/usr/bin/env bash
# Backup under load and restore: a demo server lodging from bench/lodge while `opencustoms backup`
# copies it; the copy restores (hashes, integrity, schema, ledger audit) into a new data directory
# where a server starts and the old sign-in still works; a damaged or occupied target is refused.
# Usage: backup_test.sh PATH/TO/opencustoms PATH/TO/bench/lodge
set -uo pipefail
OC="$1"
LODGE="$2"
source "$(dirname "$0")/server_lib.sh"
NOM="${OC_SHARED_DATA:-$(dirname "$0")/../../shared/data}/hs/nomenclature/hs2022_harmonized-system.csv"
if [ ! -f "$NOM" ]; then echo "SKIP: no HS nomenclature at $NOM (set OC_SHARED_DATA)"; exit 77; fi

# Starts a server on DIR (any free port); sets SERVER and URL.
start() {
  "$OC" serve --data "$1" --port 0 --demo "${2:-0}" > "$T/server.out" 2> "$T/server.err" &
  SERVER=$!
  wait_listening
}
stop() { kill "$SERVER"; wait "$SERVER"; SERVER=""; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

start "$T/var" 40
TOKEN=$(curl -fsS "$URL/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"silkroad","password":"demo-password"}' | json '["token"]') || fail "login"
KEY=$(curl -fsS "$URL/v1/api-keys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"load"}' | json '["key"]') || fail "api key"

"$LODGE" --url "$URL" --api-key "$KEY" --seconds 12 --connections 8 --json "$T/load.json" > "$T/load.out" 2>&1 &
LOAD=$!
sleep 4
"$OC" backup "$T/backup" --data "$T/var" --json "$T/backup.json" > "$T/backup.out" 2>&1 || fail "backup under load: $(cat "$T/backup.out")"
wait "$LOAD" || fail "load: $(tail -3 "$T/load.out")"
python3 - "$T/load.json" "$T/backup.json" <<'PY' || fail "figures"
import json, sys
load, backup = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert load["errors"] == 0 and load["per_s"] > 10, load
assert backup["clean"] and backup["ledger_entries"] > 0, backup
print(f"backup_test: {load['per_s']:.0f} lodgements/s during the backup; it holds {backup['ledger_entries']} ledger entries")
PY
stop
for f in manifest.json opencustoms.db token.key ledger.key witness.key; do [ -f "$T/backup/$f" ] || fail "backup lacks $f"; done
[ "$(stat -c %a "$T/backup/opencustoms.db")" = 600 ] || fail "backup database is not 0600"
[ "$(stat -c %a "$T/backup")" = 700 ] || fail "backup directory is not 0700"

"$OC" restore "$T/backup" --data "$T/restored" --json "$T/restore.json" > "$T/restore.out" 2>&1 || fail "restore: $(cat "$T/restore.out")"
grep -q "audits clean" "$T/restore.out" || fail "restore did not audit: $(cat "$T/restore.out")"
python3 - "$T/backup.json" "$T/restore.json" <<'PY' || fail "restored ledger differs"
import json, sys
b, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert (b["ledger_entries"], b["ledger_root"]) == (r["ledger_entries"], r["ledger_root"]), (b, r)
PY
start "$T/restored"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/readyz")" = 200 ] || fail "restored server not ready"
# The same token key and sessions: the sign-in taken before the backup still works.
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/declarations" -H "Authorization: Bearer $TOKEN")" = 200 ] || fail "old token refused after restore"
stop

# Refused: an occupied target without --force, a running server's directory, a damaged backup.
out=$("$OC" restore "$T/backup" --data "$T/restored" 2>&1) && fail "restore over data without --force"
echo "$out" | grep -q "not empty" || fail "occupied target message: $out"
start "$T/restored"
out=$("$OC" restore "$T/backup" --data "$T/restored" --force 2>&1) && fail "restore over a running server"
echo "$out" | grep -q "running" || fail "running server message: $out"
stop
"$OC" restore "$T/backup" --data "$T/restored" --force > "$T/force.out" 2>&1 || fail "restore --force: $(cat "$T/force.out")"
ls -d "$T"/restored.before-restore-* > /dev/null 2>&1 || fail "--force did not keep the previous data"
printf 'x' | dd of="$T/backup/ledger.key" bs=1 seek=10 conv=notrunc 2> /dev/null
out=$("$OC" restore "$T/backup" --data "$T/other" 2>&1) && fail "damaged backup restored"
echo "$out" | grep -q "ledger.key differs" || fail "damaged backup message: $out"
[ -e "$T/other" ] && fail "a refused restore left a data directory"
out=$("$OC" restore "$T/nothing" --data "$T/other" 2>&1) && fail "restore of nothing"
echo "$out" | grep -q "no manifest" || fail "missing backup message: $out"
echo "backup_test: all checks passed"
