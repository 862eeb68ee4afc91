#!/usr/bin/env bash
# Runs one of the measurement probes in src/test/java/io/tillwatch/probe (commands, not tests).
#
# Usage: scripts/probe.sh heap [OPEN_SALES [TERMINALS]]        heap per open sale and per terminal
#        scripts/probe.sh recovery [OPEN_SALES]                  journal of N open sales -> daemon ready
#        scripts/probe.sh pipeline TERMINALS RATE SECONDS SYNC TIMESCALE embedded|broker
# JVM options go in PROBE_JAVA_OPTS (default -Xmx4g), e.g. PROBE_JAVA_OPTS=-Xmx1536m scripts/probe.sh heap 10000000
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?heap, recovery or pipeline}
shift
case "$kind" in
  heap) main=io.tillwatch.probe.HeapPerSaleProbe ;;
  recovery) main=io.tillwatch.probe.RecoveryProbe ;;
  pipeline) main=io.tillwatch.probe.PipelineThroughputProbe ;;
  *) echo "unknown probe $kind" >&2; exit 2 ;;
esac
mvn -B -q ${MVN_OFFLINE:-} test-compile dependency:build-classpath -Dmdep.outputFile=target/cp-probe.txt -Dmdep.includeScope=test >/dev/null
# shellcheck disable=SC2086
exec java ${PROBE_JAVA_OPTS:--Xmx4g} -cp "target/classes:target/test-classes:$(cat target/cp-probe.txt)" "$main" "$@"
