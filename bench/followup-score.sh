#!/usr/bin/env bash
# The 补单 loop against ground truth: the simulator (2 % faults by default, 200 terminals, 20 sales/s)
# with its simulated back office answering in the three formats (with its own faults: slow answers,
# 5xx, "still paying" for 3 s after each sale), the daemon pointed at that back office, and then the
# scorer: did every money finding end with the right next step (docs/backoffice.md's table)?
#
# Usage: bench/followup-score.sh [OUT_DIR] [FAULTS]      (needs target/tillwatch.jar and tillwatch-tools.jar)
# Sales run for 240 s; terminals and back office stay up for 260 s more, long enough for the re-check
# schedule used here (5s,15s,30s,1m,2m: the default 30s..2h would need hours), then the score.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
J=$ROOT/target/tillwatch.jar; T=$ROOT/target/tillwatch-tools.jar
D=${1:-$ROOT/target/followup-score}; FAULTS=${2:-0.02}
rm -rf "$D"; mkdir -p "$D"
MQTT=18890; HTTP=18892; BO=18891
# The simulator's double-charge retry comes 130 s / time-scale after the doubtful sale: with the
# daemon's 10 s outcome deadline, time-scale 20 puts it inside that deadline, as a cashier's retry is.
java -jar "$J" simulate --broker 127.0.0.1:$MQTT --terminals 200 --merchants 10 --rate 20 --faults "$FAULTS" --heartbeat 5 \
  --duration 500s --sales-for 240s --time-scale 20 --seed 11 --ground-truth "$D/truth.jsonl" --backoffice-port=$BO \
  --backoffice-keys="$D/keys" --backoffice-faults='slow=0.05,slow-delay=1s,errors=0.02,pending=3s' --paper-out-for=20m \
  > "$D/sim.log" 2>&1 &
SIM=$!
for _ in $(seq 1 50); do [ -f "$D/keys/backoffice.yaml" ] && break; sleep 0.2; done
java -jar "$J" run --mqtt.port=$MQTT --http.port=$HTTP --data.dir="$D/data" --mqtt.auth=off --http.auth=off \
  --backoffice.file="$D/keys/backoffice.yaml" --backoffice.schedule=5s,15s,30s,1m,2m \
  --detect.print-timeout=5s --detect.outcome-timeout=10s --detect.reversal-timeout=15s --detect.gap-timeout=5s \
  --detect.backlog-timeout=20s --detect.tick=50ms > "$D/daemon.log" 2>&1 &
TW=$!
sleep 480 # sales for 240 s, then the last findings' detection and re-check schedule; terminals still connected
java -jar "$T" score --ground-truth "$D/truth.jsonl" --tillwatch http://127.0.0.1:$HTTP --settle 0s --follow-up-settle 0s \
  > "$D/score.txt" 2>&1
RC=$?
kill $TW 2>/dev/null; wait $TW 2>/dev/null; wait $SIM 2>/dev/null
cat "$D/score.txt"
exit $RC
