#!/usr/bin/env bash
# How late a thread sleeping 1 ms wakes up with the dev fleet up but idle, and with all of the fleet's processes
# paused (SIGSTOP, SIGCONT after), alternating; then what each process costs idle (CPU and context switches). With
# the fleet idle it also measures a sleeper that asks for a 100 µs scheduling slice, as the gateway's event loops do.
# Rerunnable:  benchmarks/bench/idle-lateness.sh [rounds=3] [seconds=8]
# Every hop of a request waits for such wake-ups, so this lateness is a floor under the gateway benchmark's tail
# (gateway-overhead.sh prints it before each run). Uses the running dev fleet; starts it if needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh; source scripts/infra.sh; source scripts/fleet.sh
pick_jdk
ROUNDS="${1:-3}"; SECONDS_EACH="${2:-8}"
./relay up >/dev/null
instance_env dev
mvnw -q -DskipTests install -pl benchmarks -am >/dev/null
cp="$(cd benchmarks && ../mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
lateness() { java -cp "benchmarks/target/classes:$cp" dev.relay.bench.WakeUpLateness "$SECONDS_EACH" "$@"; }

declare -A pid
for f in "$RELAY_INSTANCE_DIR"/pids/*.pid; do pid[$(basename "$f" .pid)]="$(cat "$f")"; done
all="${pid[*]}"
trap 'kill -CONT $all 2>/dev/null || true' EXIT
sleep 10 # let a fleet that was just started settle
say "machine: $(nproc) cores, $(uname -r); fleet processes: ${!pid[*]}"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round, fleet idle:   $(lateness)"
  echo "round $round, fleet idle:   $(lateness 100)"
  kill -STOP $all
  echo "round $round, fleet paused: $(lateness)"
  kill -CONT $all
done

# Idle cost per process over 10 s: CPU (% of one core) and context switches a second over all its threads.
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'; }
ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat 2>/dev/null || echo 0; }
declare -A cpu0 cs0
for p in "${!pid[@]}"; do cpu0[$p]="$(ticks "${pid[$p]}")"; cs0[$p]="$(switches "${pid[$p]}")"; done
sleep 10
echo
echo "| process | CPU idle (% of a core) | context switches / s |"
echo "| --- | ---: | ---: |"
for p in $(printf '%s\n' "${!pid[@]}" | sort); do
  awk -v p="$p" -v t="$(( $(ticks "${pid[$p]}") - ${cpu0[$p]} ))" -v c="$(( $(switches "${pid[$p]}") - ${cs0[$p]} ))" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "| %s | %.1f | %d |\n", p, 100 * t / hz / 10, c / 10 }'
done
