#!/usr/bin/env bash
# Routing benchmark (issue 5): round-robin vs least-loaded vs Relay's cache-aware scorer on a simulated fleet,
# in virtual time. Builds what it needs, runs, prints the Markdown table; writes docs/routing-ttft-p90.png and
# benchmarks/target/routing-results.md. Options pass through, e.g.
#   benchmarks/bench/routing.sh --rates 8,16,24,32,40,48,56,64 --duration 240 --warmup 60 --seed 42
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
pick_jdk
./mvnw -B -ntp -q -pl worker-simulator,router-service install -DskipTests
./mvnw -B -ntp -q -pl benchmarks package -DskipTests
version=0.1.0-SNAPSHOT
cp="benchmarks/target/benchmarks-$version.jar"
cp="$cp:worker-simulator/target/worker-simulator-$version.jar:router-service/target/router-service-$version.jar"
exec java -Xmx1g -Djava.awt.headless=true -cp "$cp" dev.relay.bench.routing.RoutingBenchmark "$@"
