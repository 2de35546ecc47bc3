#!/usr/bin/env bash
# Soak: the server (build/opencustoms, its own process and store) lodging at a fraction of its
# peak for a while, then idle; fails when its resident memory or the store's write-ahead log grow
# past their bounds, or a request fails. Not part of `make test` (it takes half an hour).
#
#   scripts/soak.sh [--minutes 30] [--fraction 0.8] [--rss-growth-mb 300] [--wal-mb 128] [--json FILE]
#
# Peak is measured first (20 s back to back against the same server). Memory is sampled every
# 10 s; growth is counted from the end of the second minute (caches and pools filled) to the end
# of the load, and the ledger's in-memory tree (32 bytes per entry) is the part that grows with
# the data by design. Ends with one JSON line of the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=30 fraction=0.8 rss_growth_mb=300 wal_mb=128 json=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --fraction) fraction=$2; shift 2 ;;
    --rss-growth-mb) rss_growth_mb=$2; shift 2 ;;
    --wal-mb) wal_mb=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    *) echo "soak.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

BUILD_DIR=${BUILD:-build}  # make passes its BUILD
BIN=$BUILD_DIR/opencustoms
LODGE=$BUILD_DIR/bench/lodge
[ -x "$BIN" ] && [ -x "$LODGE" ] || { echo "soak.sh: build first (make build)" >&2; exit 2; }

work=$(mktemp -d /tmp/oc-soak.XXXXXX)
data="$work/data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
server=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

printf 'soak-password-1234\n' | "$BIN" user add --role trader --org 301234567 --name soak --password-stdin --data "$data" >/dev/null
"$BIN" serve --data "$data" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.2; done
token=$(curl -sf "$url/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"soak","password":"soak-password-1234"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
key=$(curl -sf "$url/v1/api-keys" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"name":"soak"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["key"])')

peak=$("$LODGE" --url "$url" --api-key "$key" --seconds 20 2>/dev/null | tail -1 | python3 -c 'import sys,json;print(json.load(sys.stdin)["per_s"])')
rate=$(python3 -c "print(round($peak * $fraction))")
echo "soak: peak $peak/s, soaking at $rate/s for $minutes min" >&2

# Every 10 s: seconds since the start of the soak, the server's resident memory (kB), the log's size.
start=$(date +%s)
(
  while :; do
    rss=$(awk '/^VmRSS:/{print $2}' "/proc/$server/status" 2>/dev/null || echo 0)
    wal=$(stat -c %s "$data/opencustoms.db-wal" 2>/dev/null || echo 0)
    echo "$(( $(date +%s) - start )) $rss $wal"
    sleep 10
  done
) > "$work/samples" &
sampler=$!

"$LODGE" --url "$url" --api-key "$key" --rate "$rate" --seconds $(( minutes * 60 )) --progress 60 > "$work/lodge.out" 2> "$work/lodge.err" || true
load_end=$(( $(date +%s) - start ))
grep -v '^progress' "$work/lodge.err" | head -5 >&2 || true  # the first unexpected answers, if any
sleep 60  # idle: what is held only for the load should be given back
kill "$sampler" 2>/dev/null || true
sampler=""

python3 - "$work/samples" "$work/lodge.out" "$load_end" "$peak" "$rate" "$minutes" "$rss_growth_mb" "$wal_mb" "$json" <<'PY'
import json, sys
samples_file, lodge_file, load_end, peak, rate, minutes, rss_bound, wal_bound, out = sys.argv[1:]
load_end = int(load_end); rss_bound = float(rss_bound); wal_bound = float(wal_bound)
rows = [tuple(map(int, l.split())) for l in open(samples_file) if len(l.split()) == 3]
lodge = json.loads(open(lodge_file).read().strip().splitlines()[-1])
during = [r for r in rows if r[0] <= load_end]
settled = [r for r in during if r[0] >= 120] or during
rss_start = settled[0][1] / 1024
rss_end = during[-1][1] / 1024
rss_peak = max(r[1] for r in during) / 1024
rss_idle = rows[-1][1] / 1024
wal_max = max(r[2] for r in rows) / 2**20
wal_end = rows[-1][2] / 2**20
figures = {"soak": "lodge", "minutes": float(minutes), "peak_per_s": float(peak), "rate_per_s": float(rate),
           "per_s": lodge["per_s"], "lodged": round(lodge["per_s"] * float(minutes) * 60), "errors": lodge["errors"],
           "p50_ms": lodge["p50_ms"], "p99_ms": lodge["p99_ms"],
           "rss_start_mb": round(rss_start, 1), "rss_end_mb": round(rss_end, 1), "rss_peak_mb": round(rss_peak, 1),
           "rss_idle_mb": round(rss_idle, 1), "wal_max_mb": round(wal_max, 1), "wal_end_mb": round(wal_end, 1)}
failures = []
if rss_end - rss_start > rss_bound:
    failures.append(f"resident memory grew {rss_end - rss_start:.0f} MB during the load (bound {rss_bound:.0f} MB)")
if wal_max > wal_bound:
    failures.append(f"the write-ahead log reached {wal_max:.0f} MB (bound {wal_bound:.0f} MB)")
if lodge["errors"]:
    failures.append(f"{lodge['errors']} requests failed")
figures["ok"] = not failures
for f in failures:
    print("soak: FAILED: " + f, file=sys.stderr)
line = json.dumps(figures)
print(line)
if out:
    open(out, "w").write(line + "\n")
sys.exit(1 if failures else 0)
PY
