#!/usr/bin/env bash
# Throughput of usage events -> ledger entries, exactly once.
#   billing-service/bench/usage-throughput.sh [EVENTS=100000] [ACCOUNTS=1000]
# Publishes EVENTS events on a fresh topic first, then starts the packaged service and times the consumer from the
# first ledger row to the last; then checks every balance (see lib.sh verify). Needs the test infrastructure.
source "$(dirname "$0")/lib.sh"
EVENTS="${1:-100000}"
ACCOUNTS="${2:-1000}"

ensure_built
fresh_database
generate_events "$EVENTS" "$ACCOUNTS" 0
say "publishing $EVENTS usage events for $ACCOUNTS accounts on $RELAY_BILLING_USAGE_TOPIC"
publish_events "$EVENTS" "$ACCOUNTS" 0
start_service
read -r first last first_rows <<<"$(await_rows "$EVENTS" 600)"
rate="$(awk -v n="$EVENTS" -v f="$first_rows" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", (n - f) / (b - a) }')"
secs="$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.2f", b - a }')"
verify
stop_service
cleanup "$RELAY_BILLING_USAGE_GROUP"
echo "RESULT events=$EVENTS accounts=$ACCOUNTS seconds=$secs events_per_second=$rate"
