#!/usr/bin/env bash
# Gateway overhead: the same chat request at a fixed rate, straight to a simulated worker and through the
# gateway with auth, rate limits, reservation, routing and usage publishing all on. Rerunnable:
#   benchmarks/bench/gateway-overhead.sh [rate=500] [seconds=30]
# Uses the dev fleet (./relay up; started if needed) plus one extra simulator on port 8099 that answers at once
# (time-scale 1e-6), so that the worker's own time does not drown the gateway's. That simulator stays up for later
# runs, as a real worker does (a fresh JVM's JIT would otherwise be measured on both paths); ./relay down stops it.
# Unless FLOORS=0, floor proxies (dev.relay.bench.FloorProxy, one JVM each, also left running) are measured in the
# same slices: "bare" only forwards, "hops" also asks the router and Redis as the design had the gateway do, "redis"
# asks Redis only (so hops - redis is the router's round trip). FLOORS="bare overlap" picks modes ("overlap": Redis
# and the worker at once); the default is "bare redis hops". SLOW_LOG=FILE writes every request slower than 2 ms
# there with its scheduled start (wall clock, microseconds), to lay the tail next to a JFR recording.
# CLIENT_SLICE=MICROS puts the load generator's threads on that scheduling slice (100 is the kernel's least), as the
# gateway's event loops are: the instrument's own wake-ups then add less to both paths. The headline runs leave it off.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh; source scripts/infra.sh; source scripts/fleet.sh
pick_jdk
RATE="${1:-500}"; SECONDS_EACH="${2:-30}"
./relay up >/dev/null
instance_env dev; fleet_ports
export RELAY_OPERATOR_TOKEN="$(operator_token)"

if ! curl -fs -o /dev/null http://127.0.0.1:8099/health; then
  RELAY_SIM_PORT=8099 start_process bench-sim "$(app_jar worker-simulator)" \
    -Drelay.simulator.worker-id=bench-sim -Drelay.simulator.models=bench/echo -Drelay.simulator.time-scale=0.000001 \
    -Drelay.simulator.max-num-seqs=1024 -Drelay.simulator.capacity=1024 -Drelay.simulator.register=true -Dquarkus.http.port=8099
  wait_for "bench simulator" 60 curl -fs http://127.0.0.1:8099/health
fi
wait_for "bench/echo in the router's catalog" 30 bash -c "curl -fs $RELAY_ROUTER_URL/internal/models | grep -q bench/echo"

# Enough accounts with ample credit, one 1,000-rpm key each, that neither a key's limit nor its account's tier
# limit (max: 1,000 a minute over all its keys) is what is measured. Kept in the instance's state dir and reused by
# later runs (a steady state, as in production, where keys are long-lived); made again when one no longer works.
auth=(-H "Authorization: Bearer $RELAY_OPERATOR_TOKEN" -H 'Content-Type: application/json')
needed=$(( RATE * 60 / 1000 + 2 ))
keys_file="$RELAY_INSTANCE_DIR/bench-keys-$needed"
keys="$(cat "$keys_file" 2>/dev/null || true)"
if [ -z "$keys" ] || ! curl -fs -o /dev/null -H "Authorization: Bearer ${keys%%,*}" "$RELAY_BASE_URL/v1/balance"; then
  keys=""
  for i in $(seq 1 "$needed"); do
    acct="$(curl -fs "${auth[@]}" -d "{\"name\":\"bench-$i\",\"tier\":\"max\"}" "$RELAY_AUTH_URL/operator/accounts" | json_field id)"
    curl -fs -o /dev/null "${auth[@]}" -d "{\"amount_micro\":1000000000,\"reference\":\"bench-$acct\"}" \
      "$RELAY_BILLING_URL/operator/accounts/$acct/credits"
    keys+="$(curl -fs "${auth[@]}" -d '{"name":"bench","rpm_limit":1000}' "$RELAY_AUTH_URL/operator/accounts/$acct/keys" | json_field key),"
  done
  (umask 077; echo -n "$keys" > "$keys_file")
fi

mvnw -q -DskipTests install -pl benchmarks -am >/dev/null
cp="$(cd benchmarks && ../mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
floors=""
# Clear of the local fleet (8080-8096, gateway replicas from 8100).
declare -A floor_port=([bare]=8111 [redis]=8112 [hops]=8113 [overlap]=8114)
case "${FLOORS:-1}" in 0) floor_modes="" ;; 1) floor_modes="bare redis hops" ;; *) floor_modes="$FLOORS" ;; esac
for mode in $floor_modes; do
  port="${floor_port[$mode]:-}"; [ -n "$port" ] || die "FLOORS: no floor mode '$mode' (${!floor_port[*]})"
  start_java "bench-floor-$mode" -cp "benchmarks/target/classes:$cp" dev.relay.bench.FloorProxy \
    port="$port" mode="$mode" worker=http://127.0.0.1:8099 router="$RELAY_ROUTER_URL" redis=127.0.0.1:6379
  wait_for "floor proxy $mode" 30 bash -c "curl -s -o /dev/null http://127.0.0.1:$port/"
  floors+="floor-$mode@http://127.0.0.1:$port,"
done
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"

# CPU time of the fleet's processes over the run (user + system, from /proc), per request the gateway served: the
# request path's (gateway, router, Redis) and everything else each request sets to work (Kafka, billing, auth,
# settlement, PostgreSQL), so that what the whole fleet spends per request is in view, not only the gateway.
# Seconds each path is sent before it is measured. A fleet just started is still compiling through its first 70,000
# gateway requests, two runs of the default (docs/benchmarks.md, twenty-second stop); WARMUP=75 sends as many
# before a run measures.
WARMUP="${WARMUP:-15}"
declare -A cpu_pid=([redis]="$(pgrep -o -x redis-server || true)" [postgres]="$(pgrep -d ' ' -x postgres || true)")
for f in "$RELAY_INSTANCE_DIR"/pids/*.pid; do cpu_pid[$(basename "$f" .pid)]="$(cat "$f")"; done
cpu_ticks() { local t=0 p; for p in $1; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$t"; }
declare -A cpu_before
for p in "${!cpu_pid[@]}"; do cpu_before[$p]="$(cpu_ticks "${cpu_pid[$p]}")"; done
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
machine_before="$(machine_ticks)"

java -cp "benchmarks/target/classes:$cp" dev.relay.bench.GatewayOverheadBenchmark \
  gateway="$RELAY_BASE_URL" worker=http://127.0.0.1:8099 keys="${keys%,}" model=bench/echo \
  rate="$RATE" seconds="$SECONDS_EACH" warmup="$WARMUP" floors="${floors%,}" slow="${SLOW_LOG:-}" \
  ${CLIENT_SLICE:+client-slice="$CLIENT_SLICE"}

served=$(( 2 * (WARMUP + SECONDS_EACH) * RATE )) # plain and stream, each warmed up, then measured
echo
echo "CPU per gateway request ($served requests$([ -z "$floors" ] || echo '; the floor proxies used the router and Redis too')):"
for p in $(printf '%s\n' "${!cpu_pid[@]}" | sort); do
  awk -v t="$(( $(cpu_ticks "${cpu_pid[$p]}") - ${cpu_before[$p]} ))" -v hz="$(getconf CLK_TCK)" -v n="$served" -v p="$p" \
    'BEGIN { printf "  %-10s %.3f ms\n", p, t * 1000 / hz / n }'
done
read -r busy0 all0 <<<"$machine_before"; read -r busy1 all1 <<<"$(machine_ticks)"
awk -v b=$(( busy1 - busy0 )) -v a=$(( all1 - all0 )) 'BEGIN { printf "The machine was busy %.0f %% of the time over the runs (all its cores, load generator included).\n", 100 * b / a }'
