#!/usr/bin/env bash
# Back office down for 10 minutes under load, beside a peer run without the outage (same machine, same time).
# Sales run 12 minutes, the outage is from 1 to 11 minutes; terminals and back office stay up to 17
# minutes so the checks held back by the outage can be seen to resume. Figures: bench/outage_summary.py.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
J=$ROOT/target/tillwatch.jar
run() { # name mqtt http bo faults
  local D=$ROOT/target/outage-$1; rm -rf $D; mkdir -p $D
  java -jar $J simulate --broker 127.0.0.1:$2 --terminals 300 --merchants 10 --rate 30 --faults 0.02 --heartbeat 5 \
    --duration 1020s --sales-for 720s --seed 5 --ground-truth $D/truth.jsonl --backoffice-port=$4 --backoffice-keys=$D/keys \
    --backoffice-faults="$5" --paper-out-for=30m > $D/sim.log 2>&1 &
  echo $! > $D/sim.pid
  for i in $(seq 1 50); do [ -f $D/keys/backoffice.yaml ] && break; sleep 0.2; done
  java -jar $J run --mqtt.port=$2 --http.port=$3 --data.dir=$D/data --mqtt.auth=off --http.auth=off \
    --backoffice.file=$D/keys/backoffice.yaml --backoffice.schedule=30s,2m,10m,30m \
    --detect.print-timeout=5s --detect.outcome-timeout=10s --detect.reversal-timeout=15s --detect.gap-timeout=5s \
    --detect.backlog-timeout=20s > $D/daemon.log 2>&1 &
  echo $! > $D/tw.pid
}
run down 18900 18902 18901 "pending=3s,outage-at=60s,outage-for=10m,outage=503"
run peer 18910 18912 18911 "pending=3s"
# poll the breaker, pending checks and look-ups every 10 s
for i in $(seq 1 92); do
  for n in down peer; do
    port=$([ $n = down ] && echo 18902 || echo 18912)
    m=$(curl -s localhost:$port/metrics)
    br=$(echo "$m" | grep '^tillwatch_backoffice_breaker_state' | awk '{s+=$2} END {print s+0}')
    open=$(echo "$m" | grep '^tillwatch_backoffice_breaker_state' | awk '$2==2{c++} END {print c+0}')
    pend=$(echo "$m" | grep '^tillwatch_backoffice_checks_pending ' | awk '{print $2}')
    lk=$(echo "$m" | grep '^tillwatch_backoffice_lookups_total' | awk '{s+=$2} END {print s+0}')
    echo "$(date -u +%T) $n breakers_open=$open pending=$pend lookups=$lk" >> $ROOT/target/outage-$n/timeline.txt
  done
  sleep 10
done
curl -s localhost:18902/metrics > $ROOT/target/outage-down/final.metrics; curl -s localhost:18912/metrics > $ROOT/target/outage-peer/final.metrics
for n in down peer; do kill $(cat $ROOT/target/outage-$n/tw.pid) 2>/dev/null; done
python3 "$ROOT/bench/outage_summary.py" "$ROOT/target/outage-down" "$ROOT/target/outage-peer"
