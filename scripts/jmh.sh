#!/usr/bin/env bash
# Builds the JMH microbenchmarks (Maven profile jmh -> target/benchmarks.jar), runs them and prints
# the ratio of each TillWatch benchmark to its peer from JMH's JSON result. Not part of the test
# suite: run it by hand. Results land in target/jmh-results/.
#
# Usage: scripts/jmh.sh [--smoke] [--no-build] [--footprint] [JMH args...]
#   scripts/jmh.sh                          everything, -f 1 -wi 5 -i 5 (1 s each), then the footprint probe
#   scripts/jmh.sh DeadlineBench -p population=1000000 -i 10   one class, JMH arguments as usual
#   scripts/jmh.sh --smoke                  every benchmark once for 100 ms on small populations: a
#                                           rot check (they still build, set up and run), not a result
#   --footprint                             also run the bytes-per-pending-deadline probe (default on a
#                                           full run with no JMH arguments)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
build=1
footprint=0
args=()
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1 ;;
    --no-build) build=0 ;;
    --footprint) footprint=1 ;;
    *) args+=("$a") ;;
  esac
done
((${#args[@]} == 0 && smoke == 0)) && footprint=1

if ((build)); then
  echo "== building target/benchmarks.jar (mvn -Pjmh)"
  mvn -B -ntp -q -Pjmh -Dmaven.test.skip=true package
fi

# The journal benchmark's SQLite files must be on a real disk (fsync), not a tmpfs /tmp.
tmp="$PWD/target/jmh-tmp"
out="$PWD/target/jmh-results"
mkdir -p "$tmp" "$out"
json="$out/jmh-$(date +%Y%m%d-%H%M%S).json"

if ((smoke)); then
  defaults=(-f 1 -wi 0 -i 1 -r 100ms -p population=100000 -p events=65536)
else
  defaults=(-f 1 -wi 5 -i 5 -w 1s -r 1s)
fi

echo "== java -jar target/benchmarks.jar ${defaults[*]} ${args[*]:-} -rf json -rff $json"
java -jar target/benchmarks.jar "${defaults[@]}" -jvmArgsPrepend "-Djava.io.tmpdir=$tmp" \
  ${args[@]+"${args[@]}"} -rf json -rff "$json"

echo
echo "== ratios (from $json)"
python3 scripts/jmh_ratios.py "$json"

if ((footprint)); then
  n=(1000000 10000000)
  ((smoke)) && n=(100000)
  echo
  echo "== bytes per pending deadline (io.tillwatch.bench.wheel.Footprint, one JVM per measurement)"
  fp=(java -Xms6g -Xmx6g -cp target/benchmarks.jar io.tillwatch.bench.wheel.Footprint)
  "${fp[@]}" layout 2>&1 | grep -v '^# WARNING'
  for N in "${n[@]}"; do
    for kind in wheel netty netty-task; do
      "${fp[@]}" "$kind" "$N" 2>&1 | grep -v '^# WARNING'
    done
  done
fi
