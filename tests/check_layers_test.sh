#!/usr/bin/env bash
# The layer checker itself: it must pass a tree that keeps the rules and fail each kind of breach.
set -euo pipefail
checker="$(dirname "$0")/../scripts/check-layers.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mk() { mkdir -p "$tmp/$1/$(dirname "$2")"; printf '#include "%s"\n' "$3" > "$tmp/$1/$2"; }
expect() {  # expect pass|fail TREE [BASELINE]
  if python3 "$checker" "$2" "${3:-/dev/null}" > "$tmp/out" 2>&1; then got=pass; else got=fail; fi
  [ "$got" = "$1" ] || { echo "expected $1, got $got:"; cat "$tmp/out"; exit 1; }
}
mk ok api/routes.cc clearance/service.h
mk ok clearance/service.cc store/store.h
mk ok store/store.cc declaration/declaration.h
mk ok declaration/declaration.cc common/status.h
mkdir -p "$tmp/ok/common"
expect pass "$tmp/ok"

cp -r "$tmp/ok" "$tmp/api_store"; mk api_store api/bad.cc store/store.h
expect fail "$tmp/api_store"
grep -q "api/ may not include store/" "$tmp/out"

cp -r "$tmp/ok" "$tmp/domain"; mk domain declaration/bad.cc clearance/service.h
expect fail "$tmp/domain"
grep -q "declaration/ may not include clearance/" "$tmp/out"

cp -r "$tmp/ok" "$tmp/whole"; mk whole clearance/service.h store/store.h
expect fail "$tmp/whole"
grep -q "names its storage facets" "$tmp/out"

cp -r "$tmp/ok" "$tmp/cycle"; mk cycle common/bad.h declaration/declaration.h
expect fail "$tmp/cycle"
grep -q "include cycle" "$tmp/out"
# A baseline tolerates exactly its breaches, and fails once one of them is gone.
printf 'api_store/api/bad.cc: api/ may not include store/\n' > "$tmp/baseline"
expect pass "$tmp/api_store" "$tmp/baseline"
grep -q "known, to remove" "$tmp/out"
expect fail "$tmp/ok" "$tmp/baseline"
grep -q "no longer happens" "$tmp/out"
echo "check-layers self-test: ok"
