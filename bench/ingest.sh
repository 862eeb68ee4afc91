#!/usr/bin/env bash
# Side-by-side MQTT ingest benchmark on this machine, same load generator and settings for each:
#   embedded   TillWatch's own MQTT endpoint, durability on (journal.sync=full, the default)
#   mosquitto  Mosquitto 2 relaying the same load to one QoS 1 subscriber that only counts
#   broker     TillWatch in broker mode behind that Mosquitto
#   scrape     embedded again with a Prometheus-style scraper on /metrics every second
#   latency    embedded, open loop at 70% of the embedded max rate: publish->PUBACK p99; with
#              --latency-loads P,P..., one open-loop phase at each P% of it (phase latency-N at 70%,
#              latencyP-N at any other P)
#   gc         embedded again under each garbage collector of --gc-variants: max rate, then open loop at
#              70% of the embedded phase's max rate (the same offered load for every collector), so the
#              p99 and the throughput each collector costs compare within one run. Needs the embedded
#              phase; only when named in --phases.
#   idle       the daemon's RSS with N idle connections (keep-alive only)
#   embedded-pg  embedded again with the store on PostgreSQL (--store=postgres) instead of the SQLite
#              file: a server of the run's own (Debian's postgresql, initdb in the work dir, fsync on,
#              synchronous_commit on), a fresh database per phase; its CPU is reported apart (storeCpuSec).
#              Only with --postgres.
#   cluster    1 gateway + 1 detector + 1 Kafka broker + PostgreSQL (role=gateway / role=detector), the
#              same load: acknowledged and detected events/s, CPU of each process. Only with --kafka,
#              which also offers the phases restore and rebalance (bench/kafka-lib.sh; bench/cluster.sh
#              runs them all in one run).
# Prints, per phase, acknowledged events/s, publish->PUBACK p50/p90/p99/p99.9, CPU seconds (utime+stime
# over the measured window) and peak RSS (VmHWM) of the server process(es), then the ratios.
#
# Usage: bench/ingest.sh [--tiny] [--duration S] [--warmup S] [--connections N[,N...]] [--rate R|max]
#                        [--idle-connections N] [--phases embedded,mosquitto,...] [--faults SPEC] [--out DIR] [--jfr]
#                        [--sidecar CMD] [--postgres] [--kafka] [--restore-sales N] [--restore-terminals N]
#                        [--rebalance-changes N] [--rebalance-step S] [--rebalance-rate R]
#                        [--gc-variants 'NAME=JAVA|OPTS;...'] [--gc-load P] [--window N] [--latency-loads P[,P...]]
# --window: publishes in flight per connection (default: the generator's, 20,000 / connections, 1..32).
# --gc-variants: the collectors of the gc phase, each a name, the java to run (a JDK's bin/java) and its
# options; default: G1 as shipped (the baseline), G1 with a 20 ms pause goal, Shenandoah (JDK 17), generational
# ZGC and G1 on JDK 25.
# --gc-load: the gc phase's open-loop load, in % of the embedded phase's max rate (default 70).
# --jfr records each TillWatch daemon with Java Flight Recorder (profile settings) into DIR/<phase>.jfr.
# --postgres adds the embedded-pg phase (right after embedded, same connections and rate) and its ratio
# to the SQLite one; --phases embedded-pg alone runs it without the others.
# --sidecar runs CMD HTTP_PORT DIR/<phase> beside each TillWatch daemon once it is ready, and stops it
# first (bench/console-load.sh: open live task streams during the load).
# --kafka adds the cluster phase after embedded-pg unless --phases names the phases; restore and
# rebalance run only when named in --phases. See bench/kafka-lib.sh.
# Benchmarks start TillWatch with --mqtt.auth=off --http.auth=off (the load is anonymous), with
# detection deadlines of 5 s, so that findings can be scored against the ground truth within the run,
# and with the per-terminal rate limit lifted (a benchmark connection sends hundreds of messages a
# second, a till one every few seconds; docs/security.md "Resource limits").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=25
WARMUP=5
CONNECTIONS=1000
RATE=max
IDLE_CONNECTIONS=10000
PHASES=embedded,scrape,latency,mosquitto,broker,idle
FAULTS=0.05
OUT=
SCORE_AFTER=7
LATENCY_LOADS=70
GC_LOAD=70
DEADLINE=5s
SETTLE=2
# JVM options of every java started here; --tiny trades peak speed for start-up time.
JVM_OPTS=()
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
GC_VARIANTS="g1=java|-XX:+UseG1GC;g1-pause20=java|-XX:+UseG1GC -XX:MaxGCPauseMillis=20;shenandoah=java|-XX:+UseShenandoahGC"
GC_VARIANTS+=";g1-jdk25=$JDK25|-XX:+UseG1GC;zgc-jdk25=$JDK25|-XX:+UseZGC"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --tiny) DURATION=2; WARMUP=1; CONNECTIONS=20; IDLE_CONNECTIONS=50; SCORE_AFTER=0; SETTLE=0
            JVM_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC); shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --idle-connections) IDLE_CONNECTIONS=$2; shift 2 ;;
    --phases) PHASES=$2; PHASES_GIVEN=1; shift 2 ;;
    --faults) FAULTS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --sidecar) SIDECAR=$2; shift 2 ;;
    --postgres) POSTGRES=1; shift ;;
    --kafka) KAFKA=1; shift ;;
    --restore-sales) RESTORE_SALES=$2; shift 2 ;;
    --restore-terminals) RESTORE_TERMINALS=$2; shift 2 ;;
    --rebalance-changes) REBALANCE_CHANGES=$2; shift 2 ;;
    --rebalance-step) REBALANCE_STEP=$2; shift 2 ;;
    --rebalance-rate) REBALANCE_RATE=$2; shift 2 ;;
    --gc-variants) GC_VARIANTS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --latency-loads) LATENCY_LOADS=$2; shift 2 ;;
    --gc-load) GC_LOAD=$2; shift 2 ;;
    -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
    *) echo "ingest.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -n ${POSTGRES:-} && ",$PHASES," != *",embedded-pg,"* ]]; then
  PHASES=${PHASES/embedded,/embedded,embedded-pg,}
  [[ ",$PHASES," == *",embedded-pg,"* ]] || PHASES="$PHASES,embedded-pg"
fi
if [[ -n ${KAFKA:-} && -z ${PHASES_GIVEN:-} ]]; then
  PHASES=${PHASES/embedded-pg,/embedded-pg,cluster,}
  [[ ",$PHASES," == *",cluster,"* ]] || PHASES="$PHASES,cluster"
fi

WORK=$(mktemp -d /tmp/tillwatch-bench.XXXXXX)
OUT=${OUT:-$WORK}
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
PIDS=()

cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  PIDS=()
}
PG_DATA=
stop_kafka() { :; } # bench/kafka-lib.sh replaces it
stop_postgres() { if [[ -n $PG_DATA ]]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true; fi; }
trap 'cleanup; stop_kafka; stop_postgres; rm -rf "$WORK/data-"* "$WORK/pg" "$WORK/kafka"' EXIT
trap 'exit 130' INT TERM

log() { echo "== $*" >&2; }

# ---- prerequisites ---------------------------------------------------------------------------------
if [[ ! -f "$ROOT/target/tillwatch.jar" || ! -f "$ROOT/target/tillwatch-tools.jar" ]]; then
  log "building target/tillwatch.jar and target/tillwatch-tools.jar"
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi
# Private copies: a rebuild during the run must not pull classes from under running JVMs.
cp "$ROOT/target/tillwatch.jar" "$WORK/tillwatch.jar"
cp "$ROOT/target/tillwatch-tools.jar" "$WORK/tillwatch-tools.jar"
JAR="$WORK/tillwatch.jar"
TOOLS_JAR="$WORK/tillwatch-tools.jar"
MOSQUITTO=/usr/sbin/mosquitto
missing=()
[[ -x $MOSQUITTO ]] || missing+=(mosquitto)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# 10k connections need 10k descriptors in the server and in the generator.
ulimit -n "$(ulimit -Hn)"
CLK_TCK=$(getconf CLK_TCK)

# ---- PostgreSQL (--postgres) ---------------------------------------------------------------------
# PostgreSQL refuses to run as root: as root, the server and its tools run as the postgres user.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
has_phase() { [[ ",$PHASES," == *",$1,"* ]]; }
if has_phase embedded-pg || has_phase cluster || has_phase restore || has_phase rebalance; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing postgresql"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >/dev/null
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_PORT=$(( 20000 + RANDOM % 20000 ))
  mkdir -p "$WORK/pg"
  if [[ $(id -u) == 0 ]]; then chown postgres:postgres "$WORK/pg"; chmod 755 "$WORK"; fi
  PG_DATA=$WORK/pg/data
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U tillwatch --auth=trust --encoding=UTF8 --locale=C >/dev/null
  # fsync and synchronous_commit stay on (the defaults): the journal's acknowledgement means on disk.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg -c max_connections=100" start >/dev/null
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT for embedded-pg"
fi
pg_pids() { local pm; pm=$(head -n 1 "$PG_DATA/postmaster.pid"); echo "$pm $(ps --ppid "$pm" -o pid= | tr '\n' ' ')"; }
# pg_store_args NAME : a fresh database of that name; prints the daemon's store settings for it.
pg_store_args() {
  local db="tw_${1//[^a-zA-Z0-9]/_}"
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U tillwatch "$db"
  echo "--store=postgres --store.url=jdbc:postgresql://127.0.0.1:$PG_PORT/$db --store.user=tillwatch --store.tls=disable"
}

# ---- helpers ---------------------------------------------------------------------------------------
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

wait_until() { # seconds, command...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.2
  done
}

calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cpu_ticks() { # utime + stime of a pid, in clock ticks (fields after the parenthesised command)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# start_tillwatch NAME ARGS... : sets TW_PID, TW_MQTT, TW_HTTP
TW_HEAP="-Xms1g -Xmx2g"
start_tillwatch() {
  local name=$1; shift
  TW_MQTT=$(free_port); TW_HTTP=$(free_port)
  local jfr=()
  if [[ -n ${JFR:-} ]]; then jfr=("-XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile"); fi
  # TW_JAVA / TW_GC_OPTS: the gc phase's java and collector options, in place of any collector in JVM_OPTS.
  local opts=("${JVM_OPTS[@]}")
  if [[ -n ${TW_GC_OPTS:-} ]]; then
    opts=(); local o
    for o in "${JVM_OPTS[@]}"; do [[ $o == -XX:+Use*GC ]] || opts+=("$o"); done
  fi
  # shellcheck disable=SC2086
  "${TW_JAVA:-java}" "${opts[@]}" "${jfr[@]}" $TW_HEAP ${TW_GC_OPTS:-} -jar "$JAR" run --mqtt.port="$TW_MQTT" --http.port="$TW_HTTP" --data.dir="$WORK/data-$name" \
    --mqtt.auth=off --http.auth=off --detect.print-timeout=$DEADLINE --detect.outcome-timeout=$DEADLINE \
    --detect.gap-timeout=$DEADLINE --detect.reversal-timeout=$DEADLINE \
    --mqtt.message-rate=10000000 --mqtt.message-burst=10000000 --mqtt.max-connections=1000000 \
    "$@" >"$OUT/$name.daemon.log" 2>&1 &
  TW_PID=$!
  PIDS+=("$TW_PID")
  # -m: a probe that lands while a PostgreSQL-store daemon hands its start-up health listener over can hang
  wait_until 60 curl -sf -m 2 "http://127.0.0.1:$TW_HTTP/health/ready" || { log "$name: TillWatch not ready; see $OUT/$name.daemon.log"; exit 1; }
  if [[ -n ${SIDECAR:-} ]]; then
    $SIDECAR "$TW_HTTP" "$OUT/$name" >"$OUT/$name.sidecar.log" 2>&1 &
    PIDS=("$!" "${PIDS[@]}") # stopped before the daemon, so it does not see the daemon go away
  fi
}

# start_mosquitto NAME : sets MQ_PID, MQ_PORT
start_mosquitto() {
  local name=$1
  MQ_PORT=$(free_port)
  mkdir -p "$WORK/mosquitto-$name"
  {
    echo "listener $MQ_PORT 127.0.0.1"
    echo "allow_anonymous true"
    echo "persistence false"
    # Configured as docs/scaling.md tells broker-mode users: at most journal.queue-capacity messages in
    # flight towards a client (with 0, unlimited, the broker pushes its whole backlog at TillWatch, which
    # then holds 65,536, stops and reconnects, over and over). The counting subscriber of the relay phase
    # acknowledges at once, so the limit does not slow the peer. A deep queue for the one subscriber.
    echo "max_inflight_messages 10000"
    echo "max_queued_messages 10000000"
    echo "max_keepalive 65535"
    echo "log_type error"
    echo "log_dest file $OUT/$name.mosquitto.log"
    if [[ $(id -u) == 0 ]]; then echo "user root"; fi
  } >"$WORK/mosquitto-$name/mosquitto.conf"
  "$MOSQUITTO" -c "$WORK/mosquitto-$name/mosquitto.conf" >"$OUT/$name.mosquitto.out" 2>&1 &
  MQ_PID=$!
  PIDS+=("$MQ_PID")
  wait_until 10 port_open "$MQ_PORT" || { log "$name: mosquitto did not listen; see $OUT/$name.mosquitto.out"; exit 1; }
}

# run_load NAME "SERVER_PIDS" TARGET_PORT ARGS... : runs the generator, samples the servers over its
# measured window, appends one result line to $RESULTS; LOAD_JSON holds the generator's JSON.
run_load() {
  local name=$1 servers=$2 port=$3; shift 3
  local loadlog="$OUT/$name.load.log"
  : >"$loadlog"
  java "${JVM_OPTS[@]}" -Xmx2g -jar "$TOOLS_JAR" load --target="127.0.0.1:$port" --warmup="${WARMUP}s" --duration="${DURATION}s" \
    --faults="$FAULTS" --user=none ${WINDOW:+--window="$WINDOW"} "$@" >"$loadlog" 2>&1 &
  local gen=$!
  PIDS+=("$gen")
  local started=$SECONDS
  until grep -q '^load: measure-start' "$loadlog"; do
    kill -0 "$gen" 2>/dev/null || { log "$name: generator failed; see $loadlog"; tail -5 "$loadlog" >&2; exit 1; }
    sleep 0.1
  done
  local p cpu0=0 cpu1=0 gcpu0 gcpu1 rss=0 hwm=0 scpu0=0 scpu1=0
  for p in $servers; do cpu0=$((cpu0 + $(cpu_ticks "$p"))); done
  for p in ${STORE_PIDS:-}; do scpu0=$((scpu0 + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done
  gcpu0=$(cpu_ticks "$gen")
  # PART_PIDS="label=pid ...": each one's CPU over the window too (the cluster's processes apart).
  local part parts0=() parts1=()
  for part in ${PART_PIDS:-}; do parts0+=("$(cpu_ticks "${part#*=}")"); done
  until grep -q '^load: measure-end' "$loadlog"; do
    kill -0 "$gen" 2>/dev/null || { log "$name: generator failed; see $loadlog"; exit 1; }
    sleep 0.1
  done
  for p in $servers; do
    cpu1=$((cpu1 + $(cpu_ticks "$p")))
    hwm=$((hwm + $(status_kib "$p" VmHWM)))
    rss=$((rss + $(status_kib "$p" VmRSS)))
  done
  gcpu1=$(cpu_ticks "$gen")
  for part in ${PART_PIDS:-}; do parts1+=("$(cpu_ticks "${part#*=}")"); done
  local partcpu="{" i=0
  for part in ${PART_PIDS:-}; do
    partcpu+="\"${part%%=*}\":$(calc "(${parts1[$i]} - ${parts0[$i]}) / $CLK_TCK"),"; i=$((i + 1))
  done
  partcpu="${partcpu%,}}"
  for p in ${STORE_PIDS:-}; do scpu1=$((scpu1 + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done
  wait "$gen" || { log "$name: generator exited with an error; see $loadlog"; exit 1; }
  LOAD_JSON=$(tail -n 1 "$loadlog")
  jq -c --arg phase "$name" --argjson cpu "$(calc "($cpu1 - $cpu0) / $CLK_TCK")" \
    --argjson gencpu "$(calc "($gcpu1 - $gcpu0) / $CLK_TCK")" --argjson storecpu "$(calc "($scpu1 - $scpu0) / $CLK_TCK")" \
    --argjson partcpu "$partcpu" --argjson hwm "$((hwm / 1024))" --argjson rss "$((rss / 1024))" --argjson secs "$((SECONDS - started))" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    '{phase: $phase, eventsPerSec: (.committedPerSec // .ackedPerSec), serverCpuSec: $cpu, generatorCpuSec: $gencpu,
      storeCpuSec: $storecpu, cpuSecByProcess: $partcpu,
      peakRssMiB: $hwm, rssMiB: $rss, loadavg: $load, wallSec: $secs} + .' <<<"$LOAD_JSON" >>"$RESULTS"
  log "$name: $(tail -n 1 "$RESULTS" | jq -r '"\(.eventsPerSec) events/s, p99 \(.p99Ms) ms, server CPU \(.serverCpuSec) s, store CPU \(.storeCpuSec) s, peak RSS \(.peakRssMiB) MiB"')"
}

# Received rate of the counting subscriber over the generator's measured window (its lines: count <ms> <total>).
counted_rate() { # countlog start_ms end_ms
  awk -v s="$2" -v e="$3" '$1 == "count" {
      if (!hs || $2 <= s) { ts = $2; cs = $3; hs = 1 }
      if ($2 <= e) { te = $2; ce = $3 }
    }
    END { if (te > ts) printf "%.1f", (ce - cs) * 1000 / (te - ts); else print 0 }' "$1"
}

# detection_lag NAME HTTP_PORT : p50/p99 of how late findings were raised past their deadline, from
# the daemon's tillwatch_detection_lag_seconds histogram (all kinds merged; the bucket's upper bound).
detection_lag() {
  curl -s "http://127.0.0.1:$2/metrics" | tee "$OUT/$1.metrics" | awk -v name="$1" '
    /^tillwatch_detection_lag_seconds_bucket/ {
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5)
      count[le] += $NF; if (!(le in seen)) { seen[le] = 1; order[n++] = le }
    }
    END {
      total = count["+Inf"]; if (total == 0) { print "detection lag " name ": no findings"; exit }
      # buckets are cumulative and listed in increasing le order
      for (i = 0; i < n; i++) { le = order[i]
        if (p50 == "" && count[le] >= 0.50 * total) p50 = le
        if (p99 == "" && count[le] >= 0.99 * total) p99 = le }
      printf "detection lag %s: %d findings, p50 <= %s s, p99 <= %s s past the deadline\n", name, total, p50, p99 }' |
    tee -a "$OUT/detection-lag.txt"
}

score_args() { if ((SCORE_AFTER > 0)); then echo "--score-after=${SCORE_AFTER}s"; fi; }

# ---- Kafka (--kafka) ---------------------------------------------------------------------------------
if has_phase cluster || has_phase restore || has_phase rebalance; then
  # shellcheck source=bench/kafka-lib.sh
  source "$ROOT/bench/kafka-lib.sh"
  start_kafka
fi

# ---- phases ----------------------------------------------------------------------------------------
IFS=, read -r -a SIZES <<<"$CONNECTIONS"
for n in "${SIZES[@]}"; do
  EMBEDDED_RATE=
  if has_phase embedded || has_phase latency; then
    log "embedded, $n connections, rate $RATE"
    start_tillwatch "embedded-$n"
    run_load "embedded-$n" "$TW_PID" "$TW_MQTT" --connections="$n" --rate="$RATE" \
      --tillwatch="http://127.0.0.1:$TW_HTTP" $(score_args)
    EMBEDDED_RATE=$(jq -r .ackedPerSec <<<"$LOAD_JSON")
    detection_lag "embedded-$n" "$TW_HTTP"
    cleanup
  fi
  if has_phase embedded-pg; then
    log "embedded with the store on PostgreSQL, $n connections, rate $RATE"
    # shellcheck disable=SC2046
    start_tillwatch "embedded-pg-$n" $(pg_store_args "embedded-pg-$n")
    # PostgreSQL's CPU over the window: the postmaster and its children (backends, WAL writer, checkpointer).
    STORE_PIDS=$(pg_pids)
    run_load "embedded-pg-$n" "$TW_PID" "$TW_MQTT" --connections="$n" --rate="$RATE" \
      --tillwatch="http://127.0.0.1:$TW_HTTP" $(score_args)
    detection_lag "embedded-pg-$n" "$TW_HTTP"
    STORE_PIDS=
    cleanup
  fi
  if has_phase cluster; then
    phase_cluster "$n"
  fi
  if has_phase scrape; then
    log "embedded with a /metrics scraper every second, $n connections"
    start_tillwatch "scrape-$n"
    (while :; do curl -s -o /dev/null "http://127.0.0.1:$TW_HTTP/metrics"; sleep 1; done) &
    PIDS+=("$!")
    run_load "scrape-$n" "$TW_PID" "$TW_MQTT" --connections="$n" --rate="$RATE" --tillwatch="http://127.0.0.1:$TW_HTTP"
    cleanup
  fi
  if has_phase latency && [[ -n $EMBEDDED_RATE ]]; then
    IFS=, read -r -a loads <<<"$LATENCY_LOADS"
    for pct in "${loads[@]}"; do
      r=$(awk "BEGIN { printf \"%d\", $EMBEDDED_RATE * $pct / 100 }")
      name="latency$pct-$n"; [[ $pct == 70 ]] && name="latency-$n"
      log "embedded open loop at $pct% of max = $r events/s, $n connections"
      start_tillwatch "$name"
      run_load "$name" "$TW_PID" "$TW_MQTT" --connections="$n" --rate="$r" --tillwatch="http://127.0.0.1:$TW_HTTP" $(score_args)
      detection_lag "$name" "$TW_HTTP"
      cleanup
    done
  fi
  if has_phase gc && [[ -n $EMBEDDED_RATE ]]; then
    rgc=$(awk "BEGIN { printf \"%d\", $EMBEDDED_RATE * $GC_LOAD / 100 }")
    IFS=';' read -r -a variants <<<"$GC_VARIANTS"
    for v in "${variants[@]}"; do
      gc=${v%%=*}; spec=${v#*=}
      export TW_JAVA=${spec%%|*} TW_GC_OPTS=${spec#*|}
      log "gc $gc ($TW_JAVA $TW_GC_OPTS): max rate, then open loop at $GC_LOAD% of max = $rgc events/s, $n connections"
      start_tillwatch "gc-$gc-max-$n"
      run_load "gc-$gc-max-$n" "$TW_PID" "$TW_MQTT" --connections="$n" --rate="$RATE" --tillwatch="http://127.0.0.1:$TW_HTTP"
      cleanup
      start_tillwatch "gc-$gc-p$GC_LOAD-$n"
      run_load "gc-$gc-p$GC_LOAD-$n" "$TW_PID" "$TW_MQTT" --connections="$n" --rate="$rgc" --tillwatch="http://127.0.0.1:$TW_HTTP"
      cleanup
      unset TW_JAVA TW_GC_OPTS
    done
  fi
  if has_phase mosquitto; then
    log "mosquitto relay to one counting QoS 1 subscriber, $n connections"
    start_mosquitto "mosquitto-$n"
    java "${JVM_OPTS[@]}" -Xmx1g -jar "$TOOLS_JAR" count --broker="127.0.0.1:$MQ_PORT" >"$OUT/mosquitto-$n.count.log" 2>&1 &
    PIDS+=("$!")
    wait_until 20 grep -q '^count: subscribed' "$OUT/mosquitto-$n.count.log"
    run_load "mosquitto-$n" "$MQ_PID" "$MQ_PORT" --connections="$n" --rate="$RATE"
    rate=$(counted_rate "$OUT/mosquitto-$n.count.log" "$(jq .windowStartMs <<<"$LOAD_JSON")" "$(jq .windowEndMs <<<"$LOAD_JSON")")
    # The relay's rate is what the subscriber received, not what Mosquitto acknowledged to publishers.
    tmp=$(mktemp)
    jq -c --argjson r "$rate" 'if .phase == "'"mosquitto-$n"'" then .eventsPerSec = $r else . end' "$RESULTS" >"$tmp" && mv "$tmp" "$RESULTS"
    log "mosquitto-$n: subscriber received $rate events/s"
    cleanup
  fi
  if has_phase broker; then
    log "TillWatch broker mode behind mosquitto, $n connections"
    start_mosquitto "broker-$n"
    start_tillwatch "broker-$n" --ingest.mode=broker --broker.url="tcp://127.0.0.1:$MQ_PORT"
    run_load "broker-$n" "$MQ_PID $TW_PID" "$MQ_PORT" --connections="$n" --rate="$RATE" \
      --tillwatch="http://127.0.0.1:$TW_HTTP" $(score_args)
    cleanup
  fi
done

if has_phase restore; then
  phase_restore
fi
if has_phase rebalance; then
  phase_rebalance "${SIZES[0]}"
fi

if has_phase idle; then
  log "idle: $IDLE_CONNECTIONS connections, keep-alive only"
  start_tillwatch "idle-$IDLE_CONNECTIONS"
  sleep "$SETTLE" # let start-up settle before the baseline
  base_rss=$(status_kib "$TW_PID" VmRSS)
  run_load "idle-$IDLE_CONNECTIONS" "$TW_PID" "$TW_MQTT" --connections="$IDLE_CONNECTIONS" --rate=0
  tmp=$(mktemp)
  jq -c --argjson b "$((base_rss / 1024))" 'if .mode == "idle" then .baselineRssMiB = $b else . end' "$RESULTS" >"$tmp" && mv "$tmp" "$RESULTS"
  cleanup
fi

# ---- report ----------------------------------------------------------------------------------------
echo
printf '%-22s %12s %8s %8s %8s %8s %9s %9s %10s %s\n' phase events/s p50ms p90ms p99ms p99.9ms srvCPUs genCPUs peakRSSMiB connected
jq -r '[.phase, (.eventsPerSec|tostring), (.p50Ms|tostring), (.p90Ms|tostring), (.p99Ms|tostring), (.p999Ms|tostring),
        (.serverCpuSec|tostring), (.generatorCpuSec|tostring), (.peakRssMiB|tostring), "\(.connected)/\(.connections)"] | @tsv' \
  <(jq -c 'select(.serverCpuSec != null)' "$RESULTS") |
  while IFS=$'\t' read -r ph ev p50 p90 p99 p999 cpu gcpu hwm con; do
    printf '%-22s %12.0f %8.2f %8.2f %8.2f %8.2f %9s %9s %10s %s\n' "$ph" "$ev" "$p50" "$p90" "$p99" "$p999" "$cpu" "$gcpu" "$hwm" "$con"
  done
echo
rate_of() { jq -r --arg p "$1" 'select(.phase == $p) | .eventsPerSec' "$RESULTS"; }
ratio() { # label numerator-phase denominator-phase target
  local a b; a=$(rate_of "$2"); b=$(rate_of "$3")
  if [[ -n $a && -n $b ]] && awk "BEGIN { exit !($b > 0) }"; then
    printf 'ratio %-40s %6.2f  (target %s)\n' "$1" "$(calc "$a / $b")" "$4"
  fi
}
for n in "${SIZES[@]}"; do
  ratio "embedded / mosquitto relay ($n)" "embedded-$n" "mosquitto-$n" ">= 1.5"
  ratio "broker mode / mosquitto relay ($n)" "broker-$n" "mosquitto-$n" "-"
  ratio "with scraper / without ($n)" "scrape-$n" "embedded-$n" ">= 0.98"
  ratio "store PostgreSQL / SQLite ($n)" "embedded-pg-$n" "embedded-$n" "-"
  jq -r --arg n "$n" 'select(.phase | test("^latency[0-9]*-" + $n + "$"))
    | "p99 open loop, \(.phase): \(.p99Ms) ms at \(.offeredPerSec) events/s offered, \(.ackedPerSec) acknowledged"' "$RESULTS"
  # Each collector against G1 as the embedded and latency phases ran it (JDK 17, default options).
  jq -r --arg n "$n" 'select(.phase | test("^gc-.*-p[0-9]+-" + $n + "$")) | "\(.phase): p99 \(.p99Ms) ms, p99.9 \(.p999Ms) ms at \(.offeredPerSec) offered"' "$RESULTS"
  for max in $(jq -r --arg n "$n" 'select(.phase | test("^gc-.*-max-" + $n + "$")) | .phase' "$RESULTS"); do
    ratio "$max / embedded" "$max" "embedded-$n" "-"
  done
done
jq -r 'select(.mode == "idle") | "idle: \(.connected) connections, daemon VmRSS \(.rssMiB) MiB (\(.baselineRssMiB) MiB before connecting), peak \(.peakRssMiB) MiB"' "$RESULTS"
jq -r 'select(.detection) | "detection \(.phase): \(.detection.matched)/\(.detection.expected) injected faults found, \(.detection.unexpected) unexpected"' "$RESULTS"
if declare -f kafka_report >/dev/null; then kafka_report; fi
echo "results: $RESULTS"
