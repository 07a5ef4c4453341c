#!/usr/bin/env bash
# Shared by usage-throughput.sh and kill-test.sh. Sourced, never run.
# Runs the packaged billing-service (target/quarkus-app) on port 18082 against the *test* infrastructure
# (Kafka 127.0.0.1:19092, PostgreSQL database relay_billing_bench, Redis db 1), on a fresh topic and consumer group
# per run, so it never touches another instance's data.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE_DIR="$(cd "$BENCH_DIR/.." && pwd)"
ROOT_DIR="$(cd "$MODULE_DIR/.." && pwd)"
# shellcheck source=/dev/null
source "$ROOT_DIR/scripts/lib.sh"
pick_jdk

RUN_ID="$(date +%s)-$$"
WORK="${BENCH_WORK:-/tmp/billing-bench-$RUN_ID}"
mkdir -p "$WORK"
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:19092}"
export RELAY_PG_HOST="${RELAY_PG_HOST:-127.0.0.1}" RELAY_PG_PORT="${RELAY_PG_PORT:-5432}" RELAY_PG_USER="${RELAY_PG_USER:-postgres}"
export RELAY_DB_SUFFIX="_bench"
DB="relay_billing_bench"
REDIS_DB=1
export RELAY_REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
export RELAY_BILLING_PORT="${BENCH_BILLING_PORT:-18082}"
export RELAY_BILLING_USAGE_TOPIC="relay.usage.bench-$RUN_ID"
export RELAY_BILLING_USAGE_GROUP="billing-bench-$RUN_ID"
PREFIX="bench-$RUN_ID"
# The reservation sweeper only looks at this run's accounts: Redis db 1 is shared with other suites.
export RELAY_BILLING_RESERVATIONS_ACCOUNTS="$PREFIX-*"
# BENCH_APP: another build to measure (e.g. a copy of the previous version's target/quarkus-app, for an A/B run).
APP="${BENCH_APP:-$MODULE_DIR/target/quarkus-app}"
SERVICE_PID=""
PUBLISHER_PID=""

psql_q() { psql -h "$RELAY_PG_HOST" -p "$RELAY_PG_PORT" -U "$RELAY_PG_USER" -d "$DB" -tAq -c "$1"; }

ensure_built() {
  if [ ! -f "$APP/quarkus-run.jar" ]; then
    say "packaging billing-service (tests skipped)"
    (cd "$ROOT_DIR" && ./mvnw -B -ntp -q -pl billing-service package -DskipTests)
  fi
}

fresh_database() {
  psql -h "$RELAY_PG_HOST" -p "$RELAY_PG_PORT" -U "$RELAY_PG_USER" -d postgres -q \
    -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
}

# The publisher, compiled once per run (source-file mode would compile it again for every call).
publisher() {
  if [ ! -f "$WORK/classes/UsageBurst.class" ]; then
    javac -d "$WORK/classes" -cp "$APP/lib/main/*" "$BENCH_DIR/UsageBurst.java"
  fi
  java -cp "$WORK/classes:$APP/lib/main/*" UsageBurst "$KAFKA_BOOTSTRAP_SERVERS" "$RELAY_BILLING_USAGE_TOPIC" "$@" \
    2>>"$WORK/publisher.err"
}

# generate_events N ACCOUNTS RATE: writes $WORK/expected.txt and loads the gateway-side reservations into Redis.
generate_events() {
  USAGE_BURST_PREPARE_ONLY=1 publish_events "$@" >/dev/null
  redis-cli -n "$REDIS_DB" --pipe < "$WORK/reservations.resp" >/dev/null
}

# publish_events N ACCOUNTS RATE (RATE 0 = as fast as possible).
publish_events() {
  publisher "$1" "$2" "$PREFIX" "$3" "$WORK/expected.txt" "$WORK/reservations.resp"
}

STARTS=0
SERVICE_LOG=""

# Starts the service; its log is $SERVICE_LOG (service-1.log, service-2.log, ...: one per start).
start_service() {
  # Otherwise the readiness check below could be answered by someone else's service.
  ! port_open "$RELAY_BILLING_PORT" || die "port $RELAY_BILLING_PORT is in use (another benchmark?); set BENCH_BILLING_PORT"
  STARTS=$((STARTS + 1))
  SERVICE_LOG="$WORK/service-$STARTS.log"
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS: extra JVM options, e.g. -XX:StartFlightRecording=filename=/tmp/b.jfr
  java -Xmx1g ${BENCH_JAVA_OPTS:-} -jar "$APP/quarkus-run.jar" >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
  wait_for "billing-service on :$RELAY_BILLING_PORT" 120 curl -fsS "http://127.0.0.1:$RELAY_BILLING_PORT/q/health/ready" \
    || { tail -40 "$SERVICE_LOG" >&2; die "billing-service did not start"; }
}

# stop PID: SIGTERM (a graceful stop settles the last batch), SIGKILL if it is still there after 30 s.
stop() {
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  pkill -TERM -P "$pid" 2>/dev/null || true # a function run with & is a subshell: its java is a child
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_service() { stop "$SERVICE_PID"; SERVICE_PID=""; }

# Whatever way the script ends (success, die, Ctrl-C, CI cancelling it), it leaves no process behind.
trap 'stop "$PUBLISHER_PID"; stop_service' EXIT
trap 'exit 130' INT TERM

# "SERVICE PG": CPU seconds (user + system) spent so far by the service's JVM and by the PostgreSQL backends serving its
# database; unlike wall time, hardly affected by whatever else runs on the machine. PG is "n/a" when not local.
cpu_seconds() {
  local hz; hz="$(getconf CLK_TCK)"
  local pg; pg="$(psql_q "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" \
    | while read -r pid; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo x; done \
    | awk -v hz="$hz" '/x/ {bad = 1} {s += $1} END {if (bad || NR == 0) print "n/a"; else printf "%.2f", s / hz}')"
  local svc; svc="$(awk -v hz="$hz" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$SERVICE_PID/stat")"
  echo "$svc $pg"
}

usage_rows() { psql_q "SELECT count(*) FROM ledger_entries WHERE kind = 'usage'"; }

# await_rows N SECONDS: polls the ledger until it holds N usage rows; prints the time and CPU seconds (cpu_seconds)
# at the first row seen, its row count, and the time and CPU seconds at the last: "T0 ROWS0 SVC0 PG0 T1 SVC1 PG1".
await_rows() {
  local want="$1" deadline=$(( $(date +%s) + $2 )) rows first="" first_rows=0 first_cpu=""
  while :; do
    rows="$(usage_rows)"
    if [ -z "$first" ] && [ "$rows" -gt 0 ]; then first="$(date +%s.%N)"; first_rows="$rows"; first_cpu="$(cpu_seconds)"; fi
    [ "$rows" -ge "$want" ] && break
    [ "$(date +%s)" -lt "$deadline" ] || die "only $rows of $want usage rows after $2 s"
    sleep 0.1
  done
  echo "$first $first_rows $first_cpu $(date +%s.%N) $(cpu_seconds)"
}

# verify: every account's balance is exact (expected debit), equals sum(ledger), has one entry per event, and
# Redis holds the same balance with every reservation released exactly once. Non-zero exit on any mismatch.
verify_once() {
  psql_q "SELECT account_id || ' ' || balance_micro || ' ' || ledger_sequence FROM account_balances" > "$WORK/balances.txt"
  psql_q "SELECT account_id || ' ' || sum(amount_micro) || ' ' || count(*) FROM ledger_entries GROUP BY account_id" > "$WORK/sums.txt"
  # One redis-cli for all accounts: per account its balance, reserved total and open reservations, one line each.
  awk '{ printf "GET relay:acct:{%s}:balance\nGET relay:acct:{%s}:reserved\nHLEN relay:acct:{%s}:reservations\n", $1, $1, $1 }' \
    "$WORK/expected.txt" | redis-cli -n "$REDIS_DB" | paste -d '|' - - - > "$WORK/redis.txt"
  tr ' ' '|' < "$WORK/expected.txt" | paste -d '|' - "$WORK/redis.txt" \
    | awk -F'|' -v balances="$WORK/balances.txt" -v sums="$WORK/sums.txt" '
      BEGIN {
        while ((getline line < balances) > 0) { split(line, f, " "); balance[f[1]] = f[2]; seq[f[1]] = f[3] }
        while ((getline line < sums) > 0) { split(line, f, " "); sum[f[1]] = f[2]; entries[f[1]] = f[3] }
      }
      {
        a = $1; b = balance[a]
        if (b == "" || b != "-" $2 || sum[a] != b || entries[a] != $3 || seq[a] != $3 || $4 != b || $5 != "0" || $6 != "0")
          printf "%s: expected -%s over %s events; db balance=%s seq=%s sum=%s entries=%s; redis balance=%s reserved=%s open=%s\n",
            a, $2, $3, b, seq[a], sum[a], entries[a], $4, $5, $6
      }' > "$WORK/mismatches.txt"
  [ ! -s "$WORK/mismatches.txt" ] || return 1
  say "all $(wc -l < "$WORK/expected.txt") accounts exact: balance == sum(ledger) == expected, Redis balance equal, every reservation released once"
}

# verify, retried for up to 30 s: Redis is written right after each batch's database commit, so it may trail.
verify() {
  local attempt
  for attempt in $(seq 1 30); do
    verify_once && return 0
    sleep 1
  done
  head -20 "$WORK/mismatches.txt" >&2
  warn "$(wc -l < "$WORK/mismatches.txt") accounts wrong (details: $WORK/mismatches.txt)"
  return 1
}

# Removes what the run left in the shared test Redis and Kafka (its accounts' keys, its topic and groups).
cleanup() {
  redis-cli -n "$REDIS_DB" --scan --pattern "relay:acct:{$PREFIX-*" | xargs -r -n 500 redis-cli -n "$REDIS_DB" DEL >/dev/null
  publisher delete "$@"
}
