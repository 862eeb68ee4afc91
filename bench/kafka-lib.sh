# Cluster-mode phases of bench/ingest.sh (--kafka), sourced by it after its helpers: a Kafka broker of
# the run's own, and the phases
#   cluster    1 gateway + 1 detector (role=gateway, role=detector, store=postgres) under the same load as
#              embedded: events/s acknowledged (by the gateway, after Kafka did) and detected (the
#              detector group's committed offsets), CPU of each process over the window, lag and drain
#   restore    one detector filled with N open sales (bench/ClusterProbe.java fill), SIGKILLed, another
#              started (no standbys): kill -> every partition processing again, Kafka Streams' restore
#              and the engine's rebuild from the log, changelog bytes; the same with 0 sales first
#   rebalance  2 detectors + gateway under open-loop load; a third detector added and removed (SIGTERM,
#              then SIGKILL), 10 changes; processing pause of the partitions that moved, p50/p99
# Kafka: one KRaft broker (broker and controller) from the same Maven Central release the tests use
# (src/test/kafka/pom.xml), in its own JVM on loopback, its data in the run's work directory. Kafka's
# defaults for durability: a record is acknowledged when in the broker's page cache (no fsync per
# record), and with one broker replication factor 1; the single process fsyncs its journal.
# shellcheck shell=bash

KAFKA_PID=
KAFKA_PORT=
KAFKA_DIR=
# restore / rebalance settings (ingest.sh options)
RESTORE_SALES=${RESTORE_SALES:-200000}
RESTORE_TERMINALS=${RESTORE_TERMINALS:-20000}
REBALANCE_CHANGES=${REBALANCE_CHANGES:-10}
REBALANCE_STEP=${REBALANCE_STEP:-25}
REBALANCE_RATE=${REBALANCE_RATE:-200}
CLUSTER_PARTITIONS=${CLUSTER_PARTITIONS:-12}

start_kafka() {
  local cp="$WORK/kafka-broker.cp"
  (cd "$ROOT" && { mvn -o -B -q -f src/test/kafka/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null 2>&1 ||
    mvn -B -q -f src/test/kafka/pom.xml dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null; })
  KAFKA_CP=$(cat "$cp")
  KAFKA_DIR=$WORK/kafka
  mkdir -p "$KAFKA_DIR"
  KAFKA_PORT=$(free_port)
  local ctl; ctl=$(free_port)
  cat >"$KAFKA_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$ctl
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$ctl
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
  java -cp "$KAFKA_CP" kafka.tools.StorageTool format -t "$(java -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid)" \
    -c "$KAFKA_DIR/server.properties" >"$OUT/kafka-format.log" 2>&1
  java -Xms1g -Xmx1g -cp "$KAFKA_CP" kafka.Kafka "$KAFKA_DIR/server.properties" >"$OUT/kafka.log" 2>&1 &
  KAFKA_PID=$!
  wait_until 60 port_open "$KAFKA_PORT" || { log "Kafka did not listen; see $OUT/kafka.log"; exit 1; }
  sleep 2
  local jar; jar=$(tr ':' '\n' <"$cp" | grep '/kafka_2' | head -n 1)
  log "Kafka ${jar##*/} on port $KAFKA_PORT"
  javac -d "$WORK/probe" -cp "$JAR" "$ROOT/bench/ClusterProbe.java"
}
stop_kafka() {
  if [[ -n $KAFKA_PID ]]; then
    kill "$KAFKA_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$KAFKA_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$KAFKA_PID" 2>/dev/null || true
    KAFKA_PID=
  fi
}
probe() { TILLWATCH_LOG_LEVEL=WARN java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$WORK/probe:$JAR" ClusterProbe "$@" 2>>"$OUT/probe.err"; }

# kafka_args PREFIX : the cluster settings of a daemon on the run's broker, topics and group named by PREFIX.
kafka_args() {
  echo "--kafka.bootstrap=127.0.0.1:$KAFKA_PORT --kafka.topic.events=$1.events --kafka.topic.commands=$1.commands" \
    "--kafka.application-id=$1-detector --kafka.partitions=$CLUSTER_PARTITIONS --kafka.replication=1"
}
# start_progress PREFIX FILE : samples the detector group's progress every 100 ms into FILE (PROGRESS_PID)
start_progress() {
  # java itself in the background (not the probe function), so that $! is the process to stop
  TILLWATCH_LOG_LEVEL=WARN java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$WORK/probe:$JAR" ClusterProbe \
    progress "127.0.0.1:$KAFKA_PORT" "$1-detector" "$1.events" "$2" 100 >"$2.err" 2>&1 &
  PROGRESS_PID=$!
  PIDS=("$PROGRESS_PID" "${PIDS[@]}")
}
stop_progress() { kill "$PROGRESS_PID" 2>/dev/null || true; wait "$PROGRESS_PID" 2>/dev/null || true; }
now_ms() { date +%s%3N; }
grepo() { grep -oE "$1" "$2" || true; } # the matches, none without failing
# The last line of a log matching a pattern: its timestamp (the daemon's format, UTC) as epoch ms.
log_ms() {
  local l; l=$(grep -E -e "$2" "$1" | "${3:-tail}" -n 1 | cut -d' ' -f1 || true)
  if [[ -n $l ]]; then date -d "$l" +%s%3N; fi
}

# ---- cluster: 1 gateway + 1 detector ---------------------------------------------------------------
phase_cluster() {
  local n=$1 name="cluster-$1" pfx="tw-cluster-$1"
  log "cluster: 1 gateway + 1 detector (Kafka, PostgreSQL), $n connections, rate $RATE"
  local store; store=$(pg_store_args "$name")
  # shellcheck disable=SC2046,SC2086
  start_tillwatch "$name-detector" --role=detector $store $(kafka_args "$pfx")
  local det=$TW_PID det_http=$TW_HTTP
  # shellcheck disable=SC2046,SC2086
  start_tillwatch "$name-gateway" --role=gateway $store $(kafka_args "$pfx")
  local gw=$TW_PID
  start_progress "$pfx" "$OUT/$name.progress"
  # What each process costs doing nothing (ticks, heartbeats, commits of nothing): 10 s before the load.
  sleep 3
  local idle0 idle1 p
  idle0=$(for p in $gw $det $KAFKA_PID; do cpu_ticks "$p"; done | tr '\n' ' ')
  sleep 10
  idle1=$(for p in $gw $det $KAFKA_PID; do cpu_ticks "$p"; done | tr '\n' ' ')
  local idle_json; idle_json=$(awk -v a="$idle0" -v b="$idle1" -v hz="$CLK_TCK" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "{\"gateway\":%.3f,\"detector\":%.3f,\"kafka\":%.3f}", (y[1]-x[1])/hz/10, (y[2]-x[2])/hz/10, (y[3]-x[3])/hz/10 }')
  STORE_PIDS=$(pg_pids)
  PART_PIDS="gateway=$gw detector=$det kafka=$KAFKA_PID"
  # Findings come later than embedded's by the tick lag (2 s) and the tick interval (1 s).
  local score=(); ((SCORE_AFTER > 0)) && score=(--score-after=$((SCORE_AFTER + 3))s)
  run_load "$name" "$gw $det" "$TW_MQTT" --connections="$n" --rate="$RATE" --tillwatch="http://127.0.0.1:$TW_HTTP" "${score[@]}"
  PART_PIDS=
  STORE_PIDS=
  local ws we; ws=$(jq .windowStartMs <<<"$LOAD_JSON"); we=$(jq .windowEndMs <<<"$LOAD_JSON")
  # Detected: wait (bounded) until the detector has caught up with what the gateway wrote; its CPU
  # while it works through the backlog alone is its CPU per record at its own pace.
  local ta da; ta=$(now_ms); da=$(cpu_ticks "$det")
  wait_until 120 bash -c "[[ \$(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$WORK/probe:$JAR' ClusterProbe drained '$OUT/$name.progress' $we $((CLUSTER_PARTITIONS * 4))) -ge 0 ]]" || true
  local tb db; tb=$(now_ms); db=$(cpu_ticks "$det")
  stop_progress
  local det_json drain backlog
  det_json=$(probe rate "$OUT/$name.progress" "$ws" "$we")
  backlog=$(probe rate "$OUT/$name.progress" "$ta" "$tb" | jq -c --argjson cpu "$(calc "($db - $da) / $CLK_TCK")" \
    '{recordsPerSec: .committedPerSec, secs: .sampleSecs, cpuSec: $cpu,
      usPerRecord: (if .committedPerSec > 0 then ($cpu / (.committedPerSec * .sampleSecs) * 1e6 | round) else null end)}')
  drain=$(probe drained "$OUT/$name.progress" "$we" $((CLUSTER_PARTITIONS * 4)))
  detection_lag "$name" "$det_http"
  local tmp; tmp=$(mktemp)
  jq -c --arg p "$name" --argjson d "$det_json" --argjson drain "$drain" --argjson ticks "$CLUSTER_PARTITIONS" \
    --argjson idle "$idle_json" --argjson backlog "$backlog" \
    'if .phase == $p then .detector = ($d + {drainMsAfterWindow: $drain,
       detectedEventsPerSec: ($d.committedPerSec - $ticks), backlogAfterWindow: $backlog}) | .idleCpuCoresByProcess = $idle else . end' "$RESULTS" >"$tmp" && mv "$tmp" "$RESULTS"
  log "$name: detector committed $(jq -r .committedPerSec <<<"$det_json") records/s over the window (incl. $CLUSTER_PARTITIONS ticks/s), lag at window end $(jq -r .lagAtEnd <<<"$det_json"), drained ${drain} ms after it"
  cleanup
}

# ---- restore: time to take over a detector's partitions, per million open sales --------------------
# restore_cycle LABEL PFX STORE : SIGKILL the running detector ($RESTORE_DET), start another, measure.
restore_cycle() {
  local label=$1 pfx=$2 store=$3
  local killed=$RESTORE_DET t_kill
  t_kill=$(now_ms)
  kill -9 "$killed"
  local before=$SECONDS
  # shellcheck disable=SC2046,SC2086
  start_tillwatch "restore-$label" --role=detector --kafka.standby-replicas=0 $store $(kafka_args "$pfx")
  RESTORE_DET=$TW_PID
  local dlog="$OUT/restore-$label.daemon.log"
  # Every partition processing again: its committed offset moves (the new detector's ticks at least).
  wait_until 300 bash -c "[[ \$(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$WORK/probe:$JAR' ClusterProbe resumed '$OUT/restore.progress' $t_kill | jq .allResumedMs) -ge 0 ]]" ||
    log "restore-$label: not every partition resumed within 300 s"
  local resumed; resumed=$(probe resumed "$OUT/restore.progress" "$t_kill")
  local t_first t_join t_restored t_rebuilt t_running rebuild_sum rebuild_max restored_records
  t_first=$(log_ms "$dlog" '.' head)
  t_join=$(log_ms "$dlog" 'detector CREATED -> REBALANCING')
  # The assignment that brought the partitions (the dead member's only after its session timed out).
  local assigned_line; assigned_line=$(grep -B1 -E '^\s*New active tasks: \[0' "$dlog" | grep 'Handle new assignment' | tail -n 1 | cut -d' ' -f1 || true)
  local t_assigned=; [[ -n $assigned_line ]] && t_assigned=$(date -d "$assigned_line" +%s%3N)
  t_restored=$(log_ms "$dlog" 'Finished restoring')
  t_rebuilt=$(log_ms "$dlog" 'rebuilt [0-9]+ terminals')
  t_running=$(log_ms "$dlog" '-> RUNNING')
  rebuild_sum=$(grepo 'events in [0-9]+ ms' "$dlog" | awk '{s += $3} END {print s + 0}')
  rebuild_max=$(grepo 'events in [0-9]+ ms' "$dlog" | awk '$3 > m {m = $3} END {print m + 0}')
  restored_records=$(grepo 'total number of [0-9]+ records' "$dlog" | awk '{s += $4} END {print s + 0}')
  local terms events
  terms=$(grepo 'rebuilt [0-9]+ terminals and [0-9]+ events' "$dlog" | awk '{t += $2; e += $5} END {print t + 0}')
  events=$(grepo 'rebuilt [0-9]+ terminals and [0-9]+ events' "$dlog" | awk '{e += $5} END {print e + 0}')
  jq -nc --arg phase "restore-$label" --argjson resumed "$resumed" --argjson kill "$t_kill" \
    --argjson first "${t_first:-0}" --argjson join "${t_join:-0}" --argjson assigned "${t_assigned:-0}" --argjson restored "${t_restored:-0}" --argjson rebuilt "${t_rebuilt:-0}" \
    --argjson running "${t_running:-0}" --argjson rsum "$rebuild_sum" --argjson rmax "$rebuild_max" \
    --argjson rrec "$restored_records" --argjson terms "$terms" --argjson events "$events" \
    --argjson changelog "$(changelog_bytes "$pfx")" --argjson fill "${FILL_JSON:-null}" --argjson catchup "${CATCHUP_JSON:-null}" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    '{phase: $phase, killToAllProcessingMs: $resumed.allResumedMs, perPartitionResumeMs: $resumed.perPartitionMs,
      killToFirstLogLineMs: (if $first > 0 then $first - $kill else null end),
      killToJoiningMs: (if $join > 0 then $join - $kill else null end),
      killToAssignedMs: (if $assigned > 0 then $assigned - $kill else null end),
      assignedToRunningMs: (if $assigned > 0 and $running > 0 then $running - $assigned else null end),
      killToRestoredMs: (if $restored > 0 then $restored - $kill else null end),
      killToLastRebuildMs: (if $rebuilt > 0 then $rebuilt - $kill else null end),
      killToRunningMs: (if $running > 0 then $running - $kill else null end),
      rebuildMsSum: $rsum, rebuildMsMax: $rmax, restoredChangelogRecords: $rrec, rebuiltTerminals: $terms,
      rebuiltEvents: $events, changelogBytes: $changelog, fill: $fill, fillCatchUp: $catchup, loadavg: $load}' | tee -a "$RESULTS" >&2
  log "restore-$label: $((SECONDS - before)) s wall"
}
changelog_bytes() { # the changelog topics' log segments on the broker's disk, by store
  local store total=0 out="{"
  for store in tillwatch-sale-events tillwatch-terminals; do
    local b; b=$(find "$KAFKA_DIR/data" -path "*$1-detector-$store-changelog-*" -name '*.log' -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}')
    out+="\"$store\":$b,"; total=$((total + b))
  done
  echo "$out\"total\":$total}"
}

phase_restore() {
  local pfx=tw-restore
  log "restore: one detector with $RESTORE_SALES open sales over $RESTORE_TERMINALS terminals, SIGKILLed, another started (no standbys)"
  local store; store=$(pg_store_args restore)
  # Nothing falls due during the phase: the sales stay open.
  local saved_heap=$TW_HEAP saved_deadline=$DEADLINE
  DEADLINE=6h
  TW_HEAP="-Xms4g -Xmx6g"
  # shellcheck disable=SC2046,SC2086
  start_tillwatch "restore-first" --role=detector --kafka.standby-replicas=0 $store $(kafka_args "$pfx")
  RESTORE_DET=$TW_PID
  start_progress "$pfx" "$OUT/restore.progress"
  sleep 5
  FILL_JSON=
  CATCHUP_JSON=
  restore_cycle empty "$pfx" "$store"
  sleep 3
  log "restore: writing $RESTORE_SALES open sales"
  local t_fill; t_fill=$(now_ms)
  local c_fill; c_fill=$(cpu_ticks "$RESTORE_DET")
  FILL_JSON=$(probe fill "127.0.0.1:$KAFKA_PORT" "$pfx.events" "$RESTORE_SALES" "$RESTORE_TERMINALS" 10 | tail -n 1)
  log "restore: $FILL_JSON"
  local t_filled; t_filled=$(now_ms)
  wait_until 600 bash -c "[[ \$(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '$WORK/probe:$JAR' ClusterProbe drained '$OUT/restore.progress' $t_filled $((CLUSTER_PARTITIONS * 4))) -ge 0 ]]" ||
    log "restore: the detector did not catch up within 600 s"
  local t_done c_done; c_done=$(cpu_ticks "$RESTORE_DET")
  t_done=$((t_filled + $(probe drained "$OUT/restore.progress" "$t_filled" $((CLUSTER_PARTITIONS * 4)))))
  CATCHUP_JSON=$(jq -nc --argjson ms "$((t_done - t_fill))" --argjson cpu "$(calc "($c_done - $c_fill) / $CLK_TCK")" \
    --argjson rec "$(jq .records <<<"$FILL_JSON")" --argjson rss "$(status_kib "$RESTORE_DET" VmRSS)" \
    '{ms: $ms, cpuSec: $cpu, records: $rec, recordsPerSec: ($rec / $ms * 1000 | round), usPerRecord: ($cpu / $rec * 1e6 | round),
      rssMiB: ($rss / 1024 | round)}')
  log "restore: detector caught up with the fill: $CATCHUP_JSON"
  sleep 3 # one more commit and changelog flush
  restore_cycle "$RESTORE_SALES" "$pfx" "$store"
  stop_progress
  TW_HEAP=$saved_heap
  DEADLINE=$saved_deadline
  cleanup
}

# ---- rebalance: pause of moved partitions when detectors come and go -------------------------------
phase_rebalance() {
  local n=$1 pfx=tw-rebalance name=rebalance
  log "rebalance: gateway + 2 detectors, $n connections at $REBALANCE_RATE events/s; $REBALANCE_CHANGES changes every $REBALANCE_STEP s"
  local store; store=$(pg_store_args rebalance)
  # shellcheck disable=SC2046,SC2086
  start_tillwatch "$name-d1" --role=detector $store $(kafka_args "$pfx")
  # shellcheck disable=SC2046,SC2086
  start_tillwatch "$name-d2" --role=detector $store $(kafka_args "$pfx")
  # shellcheck disable=SC2046,SC2086
  start_tillwatch "$name-gateway" --role=gateway $store $(kafka_args "$pfx")
  local gw_mqtt=$TW_MQTT gw_http=$TW_HTTP
  start_progress "$pfx" "$OUT/$name.progress"
  local secs=$((REBALANCE_CHANGES * REBALANCE_STEP + 15))
  java "${JVM_OPTS[@]}" -Xmx2g -jar "$TOOLS_JAR" load --target="127.0.0.1:$gw_mqtt" --warmup=5s --duration="${secs}s" \
    --faults="$FAULTS" --user=none --connections="$n" --rate="$REBALANCE_RATE" --tillwatch="http://127.0.0.1:$gw_http" \
    --score-after=$((SCORE_AFTER + 8))s >"$OUT/$name.load.log" 2>&1 &
  local gen=$!
  PIDS+=("$gen")
  wait_until 120 grep -q '^load: measure-start' "$OUT/$name.load.log" || { log "$name: generator did not start"; exit 1; }
  sleep 10
  : >"$OUT/$name.changes"
  local i extra=
  for ((i = 1; i <= REBALANCE_CHANGES; i++)); do
    if [[ -z $extra ]]; then
      echo "$(now_ms) add" >>"$OUT/$name.changes"
      # shellcheck disable=SC2046,SC2086
      start_tillwatch "$name-d3-$i" --role=detector $store $(kafka_args "$pfx")
      extra=$TW_PID
    else
      local sig=TERM
      # the last two removals are crashes
      ((i > REBALANCE_CHANGES - 3)) && sig=KILL
      echo "$(now_ms) $sig" >>"$OUT/$name.changes"
      kill -s "$sig" "$extra"
      wait "$extra" 2>/dev/null || true
      extra=
    fi
    log "$name: change $i: $(tail -n 1 "$OUT/$name.changes" | cut -d' ' -f2)"
    sleep "$REBALANCE_STEP"
  done
  echo "$(now_ms) end" >>"$OUT/$name.changes"
  wait "$gen" || log "$name: the generator exited with an error; see $OUT/$name.load.log"
  stop_progress
  # the 'end' line closes the last change's window
  local pauses; pauses=$(probe pauses "$OUT/$name.progress" "$OUT/$name.changes")
  jq -c --arg phase "$name" --argjson p "$pauses" '{phase: $phase, eventsPerSec: (.committedPerSec // .ackedPerSec), pauses: $p} + .' <<<"$(tail -n 1 "$OUT/$name.load.log")" >>"$RESULTS"
  log "$name: moved-partition pause p50 $(jq .p50Ms <<<"$pauses") ms, p99 $(jq .p99Ms <<<"$pauses") ms over $(jq .movedPartitionPauses <<<"$pauses") moves"
  cleanup
}

# ---- report -------------------------------------------------------------------------------------------
kafka_report() {
  local n
  for n in "${SIZES[@]}"; do
    jq -rs --arg n "$n" '
      (map(select(.phase == "embedded-\($n)"))[0]) as $e | (map(select(.phase == "embedded-pg-\($n)"))[0]) as $p |
      (map(select(.phase == "cluster-\($n)"))[0]) as $c |
      def us(cpu; rate; secs): if rate > 0 then (cpu / (rate * secs) * 1e6 * 10 | round / 10) else null end;
      def secs(r): ((r.windowEndMs - r.windowStartMs) / 1000);
      def r2(x): (x * 100 | round / 100);
      select($c != null) |
      "cluster (\($n)): acknowledged \($c.ackedPerSec) msg/s, detected \($c.detector.detectedEventsPerSec) records/s, lag at window end \($c.detector.lagAtEnd), drained \($c.detector.drainMsAfterWindow) ms after",
      "  CPU us per message: gateway \(us($c.cpuSecByProcess.gateway; $c.ackedPerSec; secs($c))) per acknowledged, detector \(us($c.cpuSecByProcess.detector; $c.detector.committedPerSec; $c.detector.sampleSecs)) per record processed in the window (\($c.detector.backlogAfterWindow.usPerRecord) working off the backlog alone at \($c.detector.backlogAfterWindow.recordsPerSec) records/s), Kafka broker \(us($c.cpuSecByProcess.kafka; $c.ackedPerSec; secs($c))), PostgreSQL \(us($c.storeCpuSec; $c.ackedPerSec; secs($c))) per acknowledged; idle cores \($c.idleCpuCoresByProcess | tostring)",
      (if $e != null then "  embedded SQLite: \($e.ackedPerSec) msg/s, \(us($e.serverCpuSec; $e.ackedPerSec; secs($e))) us per message; ratios cluster/embedded: acknowledged \(r2($c.ackedPerSec / $e.ackedPerSec)), detected \(r2($c.detector.detectedEventsPerSec / $e.ackedPerSec)); CPU per message gateway/embedded \(r2(($c.cpuSecByProcess.gateway / ($c.ackedPerSec * secs($c))) / ($e.serverCpuSec / ($e.ackedPerSec * secs($e))))), detector (per record)/embedded \(r2(($c.cpuSecByProcess.detector / ($c.detector.committedPerSec * $c.detector.sampleSecs)) / ($e.serverCpuSec / ($e.ackedPerSec * secs($e)))))" else empty end),
      (if $p != null then "  embedded PostgreSQL: \($p.ackedPerSec) msg/s, \(us($p.serverCpuSec; $p.ackedPerSec; secs($p))) us per message (+ PostgreSQL \(us($p.storeCpuSec; $p.ackedPerSec; secs($p)))); ratios cluster/embedded-pg: acknowledged \(r2($c.ackedPerSec / $p.ackedPerSec)), detected \(r2($c.detector.detectedEventsPerSec / $p.ackedPerSec))" else empty end)
    ' "$RESULTS"
  done
  jq -rs '(map(select(.phase | startswith("restore-"))) | select(length == 2)) as $r |
    ($r[0]) as $z | ($r[1]) as $f |
    "restore: kill -> all partitions processing \($z.killToAllProcessingMs) ms empty, \($f.killToAllProcessingMs) ms with \($f.fill.sales) open sales (\($f.rebuiltEvents) events, \($f.restoredChangelogRecords) changelog records, \($f.changelogBytes.total) changelog bytes); rebuild \($f.rebuildMsSum) ms summed over partitions; per million sales: \((($f.killToAllProcessingMs - $z.killToAllProcessingMs) / $f.fill.sales * 1e6) | round) ms"' "$RESULTS"
  jq -r 'select(.phase == "rebalance") | "rebalance: \(.pauses.movedPartitionPauses) partition moves; handed over (from the detector that left / to the one that joined) p50 \(.pauses.handedOver.p50Ms) ms, p99 \(.pauses.handedOver.p99Ms) ms; shuffled between the others p50 \(.pauses.shuffled.p50Ms) ms, p99 \(.pauses.shuffled.p99Ms) ms; partitions not moved: longest gap p50 \(.pauses.unmovedMaxPauseP50Ms) ms (the floor); by change \(.pauses.byChange | tostring)"' "$RESULTS"
}
