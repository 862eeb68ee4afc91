#!/usr/bin/env bash
# The event journal on PostgreSQL against bare pgbench inserts of the same rows on the same server
# (fsync on): pgbench one row per transaction with N clients, pgbench K rows per transaction (K
# single-row INSERTs, then one K-row INSERT) on one connection, and EventJournal.append from N
# threads through the group-commit writer, alternating in rounds. Prints rows/s per phase and the
# ratios per round and their median. Method: io.tillwatch.bench.StoreBench (its class comment).
#
# Usage: bench/store-journal.sh [--clients=16] [--seconds=10] [--rounds=3] [--json=FILE]
# Needs Debian's postgresql package (scripts/test.sh installs it). MVN_OFFLINE=-o builds offline.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_OFFLINE:-} test-compile dependency:build-classpath -Dmdep.outputFile=target/cp-storebench.txt \
  -Dmdep.includeScope=test >/dev/null
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -cp "target/classes:target/test-classes:$(cat target/cp-storebench.txt)" \
  io.tillwatch.bench.StoreBench "$@"
