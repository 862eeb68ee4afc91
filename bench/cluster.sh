#!/usr/bin/env bash
# Cluster mode (role=gateway / role=detector on Kafka) against the single process, on this machine, in
# one run (bench/ingest.sh --kafka; phases in bench/kafka-lib.sh):
#   embedded     the single process on SQLite            } the peers, same load generator and settings
#   embedded-pg  the single process on PostgreSQL        }
#   cluster      1 gateway + 1 detector + 1 Kafka broker + PostgreSQL: acknowledged and detected
#                events/s, CPU per message of the gateway, the detector, the broker and PostgreSQL
#   restore      a detector with N open sales SIGKILLed, another started without standbys: kill ->
#                every partition processing again, with N and with 0 sales; ms per million sales
#   rebalance    2 detectors under open-loop load, a third added and removed 10 times (SIGTERM, the
#                last two SIGKILL): processing pause of the partitions that moved, p50 / p99
# Prints the table and the ratios; raw results in OUT/results.jsonl (one JSON line per phase), daemon
# logs, the probe's offset samples (OUT/*.progress) beside it.
#
# Usage: bench/cluster.sh [--out DIR] [--connections N] [--duration S] [--warmup S] [--restore-sales N]
#                         [--restore-terminals N] [--rebalance-changes N] [--rebalance-step S]
#                         [--rebalance-rate R] [--phases LIST] [--faults SPEC]
# Any other bench/ingest.sh option passes through. Takes ~15 minutes with the defaults.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ ${1:-} == -h || ${1:-} == --help ]]; then sed -n '2,18p' "$0"; exit 0; fi
PHASES=embedded,embedded-pg,cluster,restore,rebalance
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --phases) PHASES=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
exec "$ROOT/bench/ingest.sh" --kafka --connections 1000 --duration 20 --warmup 10 --phases "$PHASES" "${args[@]}"
