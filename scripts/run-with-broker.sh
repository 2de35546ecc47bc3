#!/usr/bin/env bash
# `make run`'s devices' broker: Mosquitto on a loopback port for the demo (anonymous, nothing
# kept; production uses deploy/mosquitto.conf with TLS, per-device passwords and the ACL), then
# the server given as arguments, subscribed to it. The broker stops when the server does.
#   scripts/run-with-broker.sh DATA_DIR MQTT_PORT opencustoms serve ...
set -euo pipefail
data=$1 port=$2
shift 2
mkdir -p "$data"
conf="$data/mosquitto-demo.conf"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$conf"
/usr/sbin/mosquitto -c "$conf" &
broker=$!
trap 'kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$broker" 2>/dev/null || { echo "mosquitto did not start (port $port taken?)" >&2; exit 1; }
  sleep 0.1
done
echo "devices' broker: mqtt://127.0.0.1:$port (topic devices/<id>/fixes)"
# The server runs as a child so that a signal to this script reaches it too (then the broker
# stops with the script).
"$@" --mqtt "mqtt://127.0.0.1:$port" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
set +e
wait "$server"
status=$?
if kill -0 "$server" 2>/dev/null; then wait "$server"; status=$?; fi
exit "$status"
