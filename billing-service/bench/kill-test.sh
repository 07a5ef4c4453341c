#!/usr/bin/env bash
# Crash test: SIGKILL billing-service in the middle of a burst of usage events, restart it, and check that every
# balance is exact (each event debited once, Redis equal to the database, every reservation released once).
#   billing-service/bench/kill-test.sh [EVENTS=10000] [ACCOUNTS=200]
# Exits non-zero on any mismatch. Needs the test infrastructure (Kafka 19092, PostgreSQL, Redis).
source "$(dirname "$0")/lib.sh"
EVENTS="${1:-10000}"
ACCOUNTS="${2:-200}"

ensure_built
fresh_database
generate_events "$EVENTS" "$ACCOUNTS" 0
# Batches of at most 500 events: when the burst is already in the topic before the consumer has joined (a slow
# start), two batches of the default 5,000 could both be in the ledger before the kill lands, and nothing is tested.
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Drelay.billing.usage.max-poll-records=${KILL_TEST_BATCH:-500}"
start_service
say "publishing $EVENTS events at ~4000/s while billing-service consumes them"
publish_events "$EVENTS" "$ACCOUNTS" 4000 > "$WORK/publisher.out" &
PUBLISHER_PID=$!

# Kill once about a third of the events are in the ledger: mid-burst, and mid-batch as likely as not.
KILL_AT="${KILL_AT:-$(( EVENTS / 3 ))}"
deadline=$(( $(date +%s) + 120 ))
while :; do
  rows="$(usage_rows)"
  [ "$rows" -ge "$KILL_AT" ] && break
  [ "$(date +%s)" -lt "$deadline" ] || die "no usage row appeared"
  sleep 0.05
done
kill -9 "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=""
at_kill="$(usage_rows)"
say "SIGKILL with $at_kill of $EVENTS events in the ledger"
[ "$at_kill" -lt "$EVENTS" ] || die "the burst was over before the kill; nothing was tested"
wait "$PUBLISHER_PID"; PUBLISHER_PID=""
cat "$WORK/publisher.out"

start_service
await_rows "$EVENTS" 300 >/dev/null
rows="$(usage_rows)"
[ "$rows" = "$EVENTS" ] || die "ledger has $rows usage rows for $EVENTS events"
verify
stop_service

# Replay the whole topic from the start (a new consumer group): nothing may change.
say "replaying all $EVENTS events from the start of the topic"
export RELAY_BILLING_USAGE_GROUP="$RELAY_BILLING_USAGE_GROUP-replay"
export QUARKUS_LOG_CATEGORY__DEV_RELAY_BILLING_MESSAGING__LEVEL=DEBUG
start_service
deadline=$(( $(date +%s) + 300 ))
until [ "$(grep -o 'batch of [0-9]*' "$SERVICE_LOG" | awk '{s += $3} END {print s + 0}')" -ge "$EVENTS" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || die "the replay did not get through the topic"
  sleep 0.5
done
stop_service # graceful: the last batch is settled in Redis before the consumer closes
rows="$(usage_rows)"
[ "$rows" = "$EVENTS" ] || die "after the replay the ledger has $rows usage rows for $EVENTS events"
verify
cleanup "${RELAY_BILLING_USAGE_GROUP%-replay}" "$RELAY_BILLING_USAGE_GROUP"
echo "RESULT kill-test passed: killed at $at_kill/$EVENTS, after restart $rows ledger rows, all balances exact; a full replay changed nothing"
