#!/usr/bin/env bash
# Do open consoles slow ingest down? A full-speed ingest run (bench/ingest.sh, phase embedded: 1,000
# terminals publishing back to back, 5% faulty sales, so tasks are created all the time) without and
# with N open live task streams (bench/ConsoleStreams.java: N connections to /api/v1/tasks/events,
# read as fast as they arrive, as N consoles' EventSources would), alternating in ABBA order so drift
# of the shared machine falls on both arms. Each phase starts a fresh daemon.
# Prints, per phase, events/s committed, publish->PUBACK p50/p99, detection lag (mean, p50, p99 from
# the daemon's histogram), server CPU, and the stream counts; then the ratios streams/peer of each
# round (the peer: the run without streams next to it) and the spread between the runs without streams.
#
# Usage: bench/console-load.sh [--rounds N] [--streams N] [--duration S] [--warmup S] [--connections N]
#                              [--stream-query Q] [--out DIR] [--tiny]
# --stream-query merchant=nobody opens the streams on a merchant with no tasks: held open, never fed
# (what holding 50 connections costs, apart from writing the changes to them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=2
STREAMS=50
DURATION=20
WARMUP=10
CONNECTIONS=1000
QUERY=
OUT=
TINY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --streams) STREAMS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --stream-query) QUERY=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --tiny) TINY=(--tiny); DURATION=2; WARMUP=1; CONNECTIONS=20; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "console-load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$ROOT/target/console-load-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
if [[ ! -f "$ROOT/target/tillwatch.jar" || ! -f "$ROOT/target/tillwatch-tools.jar" ]]; then
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi
# Compiled once here: the source launcher would compile it in every phase, on the cores being measured.
javac -d "$OUT/classes" "$ROOT/bench/ConsoleStreams.java"
cat >"$OUT/sidecar.sh" <<SIDECAR
#!/usr/bin/env bash
exec java -Xmx256m -XX:+UseSerialGC -cp "$OUT/classes" ConsoleStreams "\$1" $STREAMS "\$2.streams.json" "$QUERY"
SIDECAR
chmod +x "$OUT/sidecar.sh"

for round in $(seq 1 "$ROUNDS"); do
  if ((round % 2)); then order=(0 "$STREAMS"); else order=("$STREAMS" 0); fi
  for n in "${order[@]}"; do
    name="r$round-s$n"
    args=("${TINY[@]}" --phases embedded --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" --out "$OUT/$name")
    if ((n > 0)); then args+=(--sidecar "$OUT/sidecar.sh"); fi
    echo "== $name: $n open streams ($(cut -d' ' -f1-3 /proc/loadavg))" >&2
    "$ROOT/bench/ingest.sh" "${args[@]}" >"$OUT/$name.log" 2>&1 || { echo "$name failed; see $OUT/$name.log" >&2; exit 1; }
  done
done
python3 "$ROOT/bench/console_load_summary.py" "$OUT" | tee "$OUT/summary.txt"
