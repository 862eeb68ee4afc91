#!/bin/bash
set -u
run() { # tree label conns phases window
  local w=""; [[ -n ${5:-} ]] && w="--window $5"
  $1/bench/ingest.sh --phases $4 --connections $3 --duration 15 --warmup 8 $w --out /tmp/ab/$2 > /tmp/ab/$2.log 2>&1
  echo "$2: $(grep -E '^(embedded|mosquitto|latency)-' /tmp/ab/$2.log | tail -3 | tr -s ' ' | tr '\n' ';')"
}
mkdir -p /tmp/ab
run /tmp/benchold old-1k-a 1000 embedded,latency
run /tmp/bench17 new-1k-a 1000 embedded,latency
run /tmp/bench17 mq-1k 1000 mosquitto
run /tmp/benchold old-8-a 8 embedded 20
run /tmp/bench17 new-8-a 8 embedded 20
run /tmp/bench17 mq-8 8 mosquitto 20
run /tmp/bench17 new-1k-b 1000 embedded,latency
run /tmp/benchold old-1k-b 1000 embedded,latency
run /tmp/bench17 new-8-b 8 embedded 20
run /tmp/benchold old-8-b 8 embedded 20
