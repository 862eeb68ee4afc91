#!/usr/bin/env bash
# Does the broker keep to its in-flight limit towards TillWatch's client, and does TillWatch keep to
# its own bound? Starts Mosquitto (Debian's package) with max_inflight_messages LIMIT and full
# logging, TillWatch in broker mode with journal.queue-capacity BOUND, publishes N QoS 1 txn events
# with mosquitto_pub in one burst, then prints what TillWatch received, its reconnects and overloads,
# and how many PUBLISH packets Mosquitto sent TillWatch against the PUBACKs it got back.
#
# Usage: bench/broker-inflight.sh [LIMIT] [BOUND] [N]     (defaults: 10 16 20000)
# Needs target/tillwatch.jar (mvn package). Method and results: bench/results/broker-inflight-2026-12-02.md
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIMIT=${1:-10}; BOUND=${2:-16}; N=${3:-20000}
W=$(mktemp -d /tmp/tillwatch-inflight.XXXXXX)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$W/data"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MQ=$(free_port); HT=$(free_port)
{
  echo "listener $MQ 127.0.0.1"; echo "allow_anonymous true"; echo "persistence false"
  echo "max_inflight_messages $LIMIT"; echo "max_queued_messages 10000000"
  [[ $(id -u) == 0 ]] && echo "user root"
  echo "log_type all"; echo "log_dest file $W/mosquitto.log"
} >"$W/mosquitto.conf"
mosquitto -c "$W/mosquitto.conf" >"$W/mosquitto.out" 2>&1 &
PIDS+=("$!")
java -jar "$ROOT/target/tillwatch.jar" run --ingest.mode=broker --broker.url="tcp://127.0.0.1:$MQ" --http.port="$HT" \
  --data.dir="$W/data" --http.auth=off --journal.queue-capacity="$BOUND" >"$W/daemon.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 60); do curl -sf -m 2 "http://127.0.0.1:$HT/health/ready" >/dev/null && break; sleep 1; done
# One terminal's STARTED events: valid, each journaled (and each a sale the engine tracks).
python3 -c '
import sys
for i in range(int(sys.argv[1])):
    print("{\"txn\":\"x-%07d\",\"seq\":%d,\"event\":\"STARTED\",\"at\":\"2026-12-02T22:00:00.123Z\",\"amount\":12850,\"currency\":\"CNY\",\"method\":\"CARD\"}" % (i, i + 1))
' "$N" >"$W/messages.txt"
mosquitto_pub -p "$MQ" -q 1 -t pos/v1/m001/t001/txn -l <"$W/messages.txt"
metric() { curl -s "http://127.0.0.1:$HT/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
for _ in $(seq 1 60); do
  [[ $(metric 'tillwatch_messages_received_total{topic="txn"}') == "$N.0" ]] && break; sleep 1
done
echo "mosquitto max_inflight_messages $LIMIT, TillWatch journal.queue-capacity $BOUND, $N messages published"
echo "TillWatch received $(metric 'tillwatch_messages_received_total{topic="txn"}'), reconnects $(metric tillwatch_broker_reconnects_total), overloads $(metric tillwatch_ingest_overload_total)"
sent=$(grep -c 'Sending PUBLISH to tillwatch' "$W/mosquitto.log" || true)
acks=$(grep -c 'Received PUBACK from tillwatch' "$W/mosquitto.log" || true)
echo "mosquitto sent TillWatch $sent PUBLISH packets and received $acks PUBACKs"
# Most PUBLISH packets Mosquitto had sent without their PUBACK at any point: the in-flight it allowed.
awk '/Sending PUBLISH to tillwatch/ { n++; if (n > max) max = n } /Received PUBACK from tillwatch/ { n-- } END { print "most in flight towards TillWatch at once: " max }' "$W/mosquitto.log"
grep -E 'WARN' "$W/daemon.log" | grep -v ApiAccess | cut -c1-160 | head -5 || true
