#!/usr/bin/env bash
# Fuzzes TillWatch's hostile-input parsers with Jazzer for longer than CI does (CI only replays the
# committed corpus in regression mode). Usage:
#
#   scripts/fuzz.sh [seconds-per-target] [Class#method ...]
#
#   scripts/fuzz.sh                 # every target, 180 s each
#   scripts/fuzz.sh 600 TopicFuzzTest#parse
#
# Jazzer fuzzes one @FuzzTest per JVM, so each target gets its own Maven run. Inputs that reach new
# coverage are kept in .cifuzz-corpus/ (local, not committed; delete it to start afresh). A finding
# fails the run and is written as crash-<sha1> into
# src/test/resources/io/tillwatch/fuzz/<Class>Inputs/<method>/, where it becomes a regression input:
# fix the bug, keep the file, commit both. Logs: target/fuzz-<Class>-<method>.log.
# MVN_FLAGS (default -o, offline) is passed to Maven.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-180}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=("TelemetryDecoderFuzzTest#decode" "TelemetryDecoderFuzzTest#cardNumberInUnknownField" "TopicFuzzTest#parse")
fi

mvn -B -q ${MVN_FLAGS--o} test-compile || exit 1
failed=0
for t in "${targets[@]}"; do
  log="target/fuzz-${t/\#/-}.log"
  echo "== $t for ${seconds}s (log: $log)"
  JAZZER_FUZZ=1 mvn -B ${MVN_FLAGS--o} surefire:test -Dtest="io.tillwatch.fuzz.$t" \
      -Djazzer.max_duration="${seconds}s" >"$log" 2>&1
  rc=$?
  runs=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  cov=$(grep -aE '^#[0-9]+\s+DONE' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+b')
  if [ $rc -eq 0 ]; then
    echo "   ok: ${runs:-no run count} (${cov:-?}), findings: 0"
  else
    failed=1
    echo "   FAILED (exit $rc): ${runs:-no run count}; findings:"
    grep -aE 'FuzzTestFinding|== Java Exception|crash-[0-9a-f]+' "$log" | head -5 | sed 's/^/     /'
  fi
done
exit $failed
