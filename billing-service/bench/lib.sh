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
export RELAY_BILLING_PORT=18082
export RELAY_BILLING_USAGE_TOPIC="relay.usage.bench-$RUN_ID"
export RELAY_BILLING_USAGE_GROUP="billing-bench-$RUN_ID"
PREFIX="bench-$RUN_ID"
# The reservation sweeper only looks at this run's accounts: Redis db 1 is shared with other suites.
export RELAY_BILLING_RESERVATIONS_ACCOUNTS="$PREFIX-*"
APP="$MODULE_DIR/target/quarkus-app"
SERVICE_PID=""

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

# generate_events N ACCOUNTS RATE: writes $WORK/expected.txt and loads the gateway-side reservations into Redis.
generate_events() {
  USAGE_BURST_PREPARE_ONLY=1 publish_events "$@" >/dev/null
  redis-cli -n "$REDIS_DB" --pipe < "$WORK/reservations.resp" >/dev/null
}

# publish_events N ACCOUNTS RATE (RATE 0 = as fast as possible).
publish_events() {
  java -cp "$APP/lib/main/*" "$BENCH_DIR/UsageBurst.java" "$KAFKA_BOOTSTRAP_SERVERS" "$RELAY_BILLING_USAGE_TOPIC" \
    "$1" "$2" "$PREFIX" "$3" "$WORK/expected.txt" "$WORK/reservations.resp" 2>>"$WORK/publisher.err"
}

start_service() {
  java -Xmx1g -jar "$APP/quarkus-run.jar" >>"$WORK/service.log" 2>&1 &
  SERVICE_PID=$!
  wait_for "billing-service on :$RELAY_BILLING_PORT" 120 curl -fsS "http://127.0.0.1:$RELAY_BILLING_PORT/q/health/ready" \
    || { tail -40 "$WORK/service.log" >&2; die "billing-service did not start"; }
}

stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}
trap stop_service EXIT

usage_rows() { psql_q "SELECT count(*) FROM ledger_entries WHERE kind = 'usage'"; }

# await_rows N SECONDS: polls the ledger until it holds N usage rows; prints the wall seconds from the first row.
await_rows() {
  local want="$1" deadline=$(( $(date +%s) + $2 )) rows first="" first_rows=0
  while :; do
    rows="$(usage_rows)"
    if [ -z "$first" ] && [ "$rows" -gt 0 ]; then first="$(date +%s.%N)"; first_rows="$rows"; fi
    [ "$rows" -ge "$want" ] && break
    [ "$(date +%s)" -lt "$deadline" ] || die "only $rows of $want usage rows after $2 s"
    sleep 0.1
  done
  echo "$first $(date +%s.%N) $first_rows"
}

# verify: every account's balance is exact (expected debit), equals sum(ledger), has one entry per event, and
# Redis holds the same balance with every reservation released exactly once. Non-zero exit on any mismatch.
verify_once() {
  : > "$WORK/mismatches.txt"
  local failures=0 account debit events balance sum entries redis_balance reserved open
  psql_q "SELECT account_id || ' ' || balance_micro || ' ' || ledger_sequence FROM account_balances" > "$WORK/balances.txt"
  psql_q "SELECT account_id || ' ' || sum(amount_micro) || ' ' || count(*) FROM ledger_entries GROUP BY account_id" > "$WORK/sums.txt"
  while read -r account debit events; do
    read -r balance seq <<<"$(awk -v a="$account" '$1 == a {print $2, $3}' "$WORK/balances.txt")"
    read -r sum entries <<<"$(awk -v a="$account" '$1 == a {print $2, $3}' "$WORK/sums.txt")"
    redis_balance="$(redis-cli -n "$REDIS_DB" GET "relay:acct:{$account}:balance")"
    reserved="$(redis-cli -n "$REDIS_DB" GET "relay:acct:{$account}:reserved")"
    open="$(redis-cli -n "$REDIS_DB" HLEN "relay:acct:{$account}:reservations")"
    if [ "${balance:-x}" != "-$debit" ] || [ "${sum:-y}" != "$balance" ] || [ "${entries:-0}" != "$events" ] \
       || [ "${seq:-0}" != "$events" ] || [ "$redis_balance" != "$balance" ] || [ "$reserved" != "0" ] || [ "$open" != "0" ]; then
      echo "$account: expected -$debit over $events events; db balance=$balance seq=$seq sum=$sum entries=$entries; redis balance=$redis_balance reserved=$reserved open=$open" >> "$WORK/mismatches.txt"
      failures=$((failures + 1))
    fi
  done < "$WORK/expected.txt"
  local accounts; accounts="$(wc -l < "$WORK/expected.txt")"
  [ "$failures" -eq 0 ] || return 1
  say "all $accounts accounts exact: balance == sum(ledger) == expected, Redis balance equal, every reservation released once"
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
  java -cp "$APP/lib/main/*" "$BENCH_DIR/UsageBurst.java" "$KAFKA_BOOTSTRAP_SERVERS" "$RELAY_BILLING_USAGE_TOPIC" \
    delete "$@" 2>>"$WORK/publisher.err"
}
