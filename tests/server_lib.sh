# Sourced by the shell tests that run servers: a temporary directory $T removed at exit with any
# server still running, `fail`, and `wait_listening` (the URL a started server prints).
T=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$T/server.err" ] && tail -5 "$T/server.err"; exit 1; }

# Waits until the server $SERVER wrote "OpenCustoms listening on URL" to $T/server.out; sets URL.
wait_listening() {
  URL=""
  for _ in $(seq 1 300); do
    URL=$(sed -n 's/^OpenCustoms listening on \(https\{0,1\}:[^ ]*\)$/\1/p' "$T/server.out")
    [ -n "$URL" ] && return 0
    kill -0 "$SERVER" 2>/dev/null || fail "the server did not start"
    sleep 0.1
  done
  fail "the server did not say where it listens"
}
