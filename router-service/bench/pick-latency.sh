#!/usr/bin/env bash
# Measures how long router-service takes to pick workers (filter + choose the best 8 eligible workers) with 1,000
# registered workers, with JMH in sample-time mode (prints p50/p99/p99.9 in microseconds). Target: p99 < 50 us.
#   router-service/bench/pick-latency.sh            # all strategies
#   router-service/bench/pick-latency.sh -p strategy=cache-aware -p workers=1000,5000   # extra JMH options
#   router-service/bench/pick-latency.sh --cpu [workers] [picks] [candidates]   # same picks in thread CPU time
#       (for a shared machine: time spent descheduled by other processes is left out)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$root/scripts/lib.sh"
pick_jdk
cd "$root"
./mvnw -B -ntp -q -pl router-service -Pjmh test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
cd "$root/router-service"
if [ "${1:-}" = "--cpu" ]; then
  shift
  exec java -cp "target/classes:target/test-classes:$(cat target/jmh.classpath)" dev.relay.router.bench.PickCpuTime "$@"
fi
exec java -cp "target/classes:target/test-classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main \
  PickLatencyBenchmark -rf json -rff target/pick-latency.json "$@"
