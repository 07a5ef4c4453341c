#!/usr/bin/env bash
# Throughput of usage events -> ledger entries, exactly once.
#   billing-service/bench/usage-throughput.sh [EVENTS=100000] [ACCOUNTS=1000]
# Publishes EVENTS events on a fresh topic first, then starts the packaged service and times the consumer from the
# first ledger row to the last; then checks every balance (see lib.sh verify). Needs the test infrastructure.
# Also prints the CPU time the service and its PostgreSQL backends spent per event over the same window: a comparison
# that survives a busy machine better than events per second.
source "$(dirname "$0")/lib.sh"
EVENTS="${1:-100000}"
ACCOUNTS="${2:-1000}"

ensure_built
fresh_database
generate_events "$EVENTS" "$ACCOUNTS" 0
say "publishing $EVENTS usage events for $ACCOUNTS accounts on $RELAY_BILLING_USAGE_TOPIC"
publish_events "$EVENTS" "$ACCOUNTS" 0
start_service
read -r first first_rows svc0 pg0 last svc1 pg1 <<<"$(await_rows "$EVENTS" 600)"
rate="$(awk -v n="$EVENTS" -v f="$first_rows" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", (n - f) / (b - a) }')"
secs="$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.2f", b - a }')"
# CPU per event over the same window (first to last row), in microseconds.
per_event() { awk -v a="$1" -v b="$2" -v n="$EVENTS" -v f="$first_rows" 'BEGIN { if (a == "n/a") print "n/a"; else printf "%.1f", (b - a) * 1e6 / (n - f) }'; }
cpu="service_cpu_us_per_event=$(per_event "$svc0" "$svc1") postgres_cpu_us_per_event=$(per_event "$pg0" "$pg1")"
verify
stop_service
cleanup "$RELAY_BILLING_USAGE_GROUP"
echo "RESULT events=$EVENTS accounts=$ACCOUNTS seconds=$secs events_per_second=$rate $cpu"
