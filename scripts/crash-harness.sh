#!/usr/bin/env bash
# Crash-safety harness, by-hand size (CI runs it at 20 kills as CrashHarnessIT): 200 SIGKILLs of the daemon under load,
# then events lost / duplicate tasks / missing findings / restart-to-ready p50 p99.
# Usage: scripts/crash-harness.sh [--kills=200] [--seed=S] [--terminals=50] [--rate=4] [--work=DIR]
#        [--cluster=GATEWAYS,DETECTORS [--brokers=N]]   (cluster mode: gateways + detectors on Kafka and PostgreSQL)
# Set MVN_OFFLINE=-o to build offline. The CI size runs in 'mvn verify' as CrashHarnessIT.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_OFFLINE:-} package -DskipTests
mvn -B -q ${MVN_OFFLINE:-} dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/harness.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/harness.classpath)" \
  io.tillwatch.harness.CrashHarnessMain --jar=target/tillwatch.jar "$@"
