#!/usr/bin/env bash
# Starts and stops the Relay services and simulated GPU workers of one instance. Sourced by ./relay.

# name:module:port-offset. Ports are RELAY_PORT_BASE + offset (dev base 8080).
RELAY_SERVICES="auth:auth-service:1 billing:billing-service:2 router:router-service:3 task:task-service:4 settlement:settlement-service:5 gateway:gateway-service:0"
# id:port-offset:mode:protocol:models:speed-factor. Direct workers with different protocols and speeds, one
# OpenGPU provider (opengpu mode), paid on the local chain at anvil's second development account, and one media worker
# of each kind: images (sim-5), speech and transcription (sim-6), video (sim-7).
RELAY_WORKERS="sim-1:10:direct:vllm:Qwen/Qwen3-Coder,deepseek-ai/DeepSeek-V3.1,gpt-oss:20b:1.0 sim-2:11:direct:vllm:Qwen/Qwen3-Coder,deepseek-ai/DeepSeek-V3.1:0.7 sim-3:12:direct:ollama:gpt-oss:20b,gpt-oss:120b:1.0 sim-4:13:opengpu:vllm:infercom/gpt-oss-120b:1.0 sim-5:14:direct:image:flux,qwen-image:1.0 sim-6:15:direct:audio:sesame,whisper:1.0 sim-7:16:direct:video:wan-25:1.0"
RELAY_SIM_PAYOUT="0x70997970C51812dc3A010C7d01b50e0d17dc79C8"

# RELAY_GATEWAY_REPLICAS=N: N gateways on the same Redis, Kafka and services, as a scaled install runs them; the
# first on the base port, the others named gateway-2... on base+20, base+21...
gateway_replicas() {
  local r
  for ((r = 2; r <= ${RELAY_GATEWAY_REPLICAS:-1}; r++)); do echo "gateway-$r:gateway-service:$((18 + r))"; done
}

fleet_ports() {
  export RELAY_PORT_BASE="${RELAY_PORT_BASE:-8080}"
  local b="$RELAY_PORT_BASE"
  export RELAY_GATEWAY_PORT=$b RELAY_AUTH_PORT=$((b+1)) RELAY_BILLING_PORT=$((b+2)) RELAY_ROUTER_PORT=$((b+3)) \
         RELAY_TASK_PORT=$((b+4)) RELAY_SETTLEMENT_PORT=$((b+5))
  export RELAY_SETTLEMENT_URL="http://127.0.0.1:$RELAY_SETTLEMENT_PORT"
  export RELAY_AUTH_URL="http://127.0.0.1:$RELAY_AUTH_PORT" RELAY_BILLING_URL="http://127.0.0.1:$RELAY_BILLING_PORT" \
         RELAY_ROUTER_URL="http://127.0.0.1:$RELAY_ROUTER_PORT" RELAY_TASK_URL="http://127.0.0.1:$RELAY_TASK_PORT"
  export RELAY_BASE_URL="http://127.0.0.1:$RELAY_GATEWAY_PORT"
  # A local fleet's webhooks may call receivers on this machine over plain http; an install (Helm) may not.
  export RELAY_TASK_WEBHOOKS_ALLOW_LOCAL_TARGETS="${RELAY_TASK_WEBHOOKS_ALLOW_LOCAL_TARGETS:-true}"
}

# The operator token of a local instance lives in its state dir (never in the repo).
operator_token() {
  local f="$RELAY_INSTANCE_DIR/operator-token"
  if [ ! -s "$f" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$f")
  fi
  cat "$f"
}

app_jar() { echo "$RELAY_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

fleet_needs_build() {
  local entry module jar
  for entry in $RELAY_SERVICES worker-simulator:worker-simulator:0; do
    module="$(cut -d: -f2 <<<"$entry")"; jar="$(app_jar "$module")"
    [ -f "$jar" ] || return 0
    [ -z "$(find "$RELAY_ROOT/$module/src/main" "$RELAY_ROOT/$module/pom.xml" "$RELAY_ROOT/contracts/src" "$RELAY_ROOT/routing/src/main" -newer "$jar" -type f 2>/dev/null | head -1)" ] || return 0
  done
  return 1
}

fleet_build() {
  say "building the fleet (tests skipped; './relay test' runs them)"
  mvnw -q -DskipTests install || die "build failed"
}

JVM_OPTS_DEFAULT="-XX:+UseSerialGC -Xms64m -Xmx384m -XX:+ExitOnOutOfMemoryError"

# start_process NAME JAR [java args...]: runs in the background, logs to the instance's logs dir.
# RELAY_JVM_OPTS_<NAME> (upper case, '-' as '_', e.g. RELAY_JVM_OPTS_GATEWAY) adds options for one process, last.
start_process() {
  local name="$1" jar="$2"; shift 2
  # A running process needs no jar (start_java says it runs); one to start does.
  pid_alive "$RELAY_INSTANCE_DIR/pids/$name.pid" || [ -f "$jar" ] || die "$jar is missing: run ./relay build"
  local own="RELAY_JVM_OPTS_${name//-/_}"; own="${own^^}"
  start_java "$name" "$@" ${!own:-} -jar "$jar"
}

# start_java NAME JAVA_ARGS...: a JVM in the background, logged and stopped (./relay down) like the fleet's own.
start_java() {
  local name="$1"; shift
  local pidfile="$RELAY_INSTANCE_DIR/pids/$name.pid" log="$RELAY_INSTANCE_DIR/logs/$name.log"
  if pid_alive "$pidfile"; then say "$name already running (pid $(cat "$pidfile"))"; return 0; fi
  printf '\n=== %s: starting %s\n' "$(date -u +%FT%TZ)" "$name" >>"$log"
  nohup java $JVM_OPTS_DEFAULT "$@" >>"$log" 2>&1 &
  echo $! > "$pidfile"
}

# True when every service, gateway replica and simulated worker of the instance runs; a partial fleet is completed by
# ./relay up (fleet_start starts only what is not running).
fleet_all_running() {
  local entry
  for entry in $RELAY_SERVICES $(gateway_replicas) $RELAY_WORKERS; do
    pid_alive "$RELAY_INSTANCE_DIR/pids/${entry%%:*}.pid" || return 1
  done
}

fleet_start() {
  fleet_ports
  export RELAY_OPERATOR_TOKEN="${RELAY_OPERATOR_TOKEN:-$(operator_token)}"
  local entry name module offset port
  # Check every port before starting anything, so a failed start leaves nothing behind.
  for entry in $RELAY_SERVICES $(gateway_replicas) $RELAY_WORKERS; do
    name="${entry%%:*}"; offset="$(cut -d: -f2 <<<"$entry")"
    [[ "$offset" =~ ^[0-9]+$ ]] || offset="$(cut -d: -f3 <<<"$entry")"
    port=$((RELAY_PORT_BASE + offset))
    if port_open "$port" && ! pid_alive "$RELAY_INSTANCE_DIR/pids/$name.pid"; then
      die "port $port (for $name) is taken by another program; set RELAY_PORT_BASE to move the fleet"
    fi
  done
  local tls bind
  for entry in $RELAY_SERVICES $(gateway_replicas); do
    IFS=: read -r name module offset <<<"$entry"
    # A gateway replica reads its ports from the same variables as the first (whose TLS port may be set).
    tls=$((RELAY_PORT_BASE + offset + 363)); [ "$name" != gateway ] || tls="${RELAY_GATEWAY_TLS_PORT:-$tls}"
    # Only gateways take calls from other machines: the services' internal APIs trust their callers (in Kubernetes
    # a NetworkPolicy keeps everything but the gateway's pods away from them).
    bind=(); [[ "$name" == gateway* ]] || bind=(-Dquarkus.http.host=127.0.0.1)
    RELAY_GATEWAY_PORT=$((RELAY_PORT_BASE + offset)) RELAY_GATEWAY_TLS_PORT=$tls start_process "$name" "$(app_jar "$module")" \
      "${bind[@]}"
  done
  local id mode proto models speed rest payout
  for entry in $RELAY_WORKERS; do
    IFS=: read -r id offset mode proto rest <<<"$entry"
    speed="${rest##*:}"; models="${rest%:*}"
    port=$((RELAY_PORT_BASE + offset))
    # An OpenGPU provider names the address it is paid at in its heartbeat.
    payout=(); [ "$mode" = opengpu ] && payout=('-Drelay.simulator.labels."opengpu.payout"='"$RELAY_SIM_PAYOUT")
    RELAY_SIM_PORT=$port start_process "$id" "$(app_jar worker-simulator)" \
      -Drelay.simulator.worker-id="$id" -Drelay.simulator.mode="$mode" -Drelay.simulator.protocol="$proto" \
      -Drelay.simulator.models="$models" -Drelay.simulator.speed-factor="$speed" -Drelay.simulator.register=true \
      "${payout[@]}" -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1
  done
}

# Waits until every process answers its readiness check; prints one line per process as it comes up.
fleet_wait_ready() {
  local entry name module offset port deadline=$(( $(date +%s) + ${RELAY_START_TIMEOUT:-180} )) pending
  pending=""
  for entry in $RELAY_SERVICES $(gateway_replicas); do IFS=: read -r name module offset <<<"$entry"; pending+=" $name:$((RELAY_PORT_BASE + offset)):/q/health/ready"; done
  for entry in $RELAY_WORKERS; do name="${entry%%:*}"; offset="$(cut -d: -f2 <<<"$entry")"; pending+=" $name:$((RELAY_PORT_BASE + offset)):/health"; done
  while [ -n "${pending// /}" ]; do
    local still=""
    for entry in $pending; do
      IFS=: read -r name port path <<<"$entry"
      if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port$path"; then
        say "$name ready on 127.0.0.1:$port"
      elif ! pid_alive "$RELAY_INSTANCE_DIR/pids/$name.pid"; then
        warn "$name exited; last lines of $RELAY_INSTANCE_DIR/logs/$name.log:"; tail -20 "$RELAY_INSTANCE_DIR/logs/$name.log" >&2; return 1
      else
        still+=" $entry"
      fi
    done
    pending="$still"
    [ -z "${pending// /}" ] && break
    [ "$(date +%s)" -lt "$deadline" ] || { warn "not ready in time:$pending"; return 1; }
    sleep 0.3
  done
}

# Waits until the router's catalog lists every simulated model, so the first request can be served.
fleet_wait_catalog() {
  local deadline=$(( $(date +%s) + 30 ))
  until curl -fsS --max-time 2 "$RELAY_ROUTER_URL/internal/models" 2>/dev/null | grep -q 'Qwen3-Coder' \
      && curl -fsS --max-time 2 "$RELAY_ROUTER_URL/internal/models" 2>/dev/null | grep -q 'wan-25'; do
    [ "$(date +%s)" -lt "$deadline" ] || { warn "router has no workers yet"; return 1; }
    sleep 0.3
  done
}

# Creates the demo account (once per instance), tops it up to $10 when low, and issues a key unless the last one
# still works.
fleet_demo_key() {
  local token="$RELAY_OPERATOR_TOKEN" acct_file="$RELAY_INSTANCE_DIR/demo-account" acct key balance
  acct="$(cat "$acct_file" 2>/dev/null || true)"
  if [ -z "$acct" ] || ! curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$RELAY_AUTH_URL/operator/accounts/$acct"; then
    acct="$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"name":"demo","tier":"pro"}' "$RELAY_AUTH_URL/operator/accounts" | json_field id)" || die "could not create the demo account"
    echo "$acct" > "$acct_file"
  fi
  balance="$(curl -fsS "$RELAY_BILLING_URL/internal/accounts/$acct/balance" | json_field credits_micro)"
  if [ "${balance:-0}" -lt 5000000 ]; then
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"amount_micro\":$((10000000 - ${balance:-0})),\"reference\":\"demo-topup-$(date +%s%N)\"}" \
      "$RELAY_BILLING_URL/operator/accounts/$acct/credits" || die "could not top up the demo account"
  fi
  # The key the last start issued, while it still works for this account: a restart need not change what users
  # copied (nor leave a key behind every time).
  key="$(sed -n 's/^RELAY_DEMO_KEY=//p' "$RELAY_INSTANCE_DIR/fleet.env" 2>/dev/null || true)"
  if [ -z "$key" ] || [ "$(grep -c "^RELAY_DEMO_ACCOUNT=$acct\$" "$RELAY_INSTANCE_DIR/fleet.env" 2>/dev/null)" != 1 ] \
      || ! curl -fsS -o /dev/null --max-time 5 -H "Authorization: Bearer $key" "$RELAY_BASE_URL/v1/balance"; then
    key="$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"name":"demo","rpm_limit":600}' "$RELAY_AUTH_URL/operator/accounts/$acct/keys" | json_field key)" || die "could not issue a demo key"
  fi
  local urls="$RELAY_BASE_URL" entry offset
  for entry in $(gateway_replicas); do offset="${entry##*:}"; urls+=",http://127.0.0.1:$((RELAY_PORT_BASE + offset))"; done
  (umask 077; printf 'RELAY_BASE_URL=%s\nRELAY_GATEWAY_URLS=%s\nRELAY_DEMO_ACCOUNT=%s\nRELAY_DEMO_KEY=%s\n' \
    "$RELAY_BASE_URL" "$urls" "$acct" "$key" > "$RELAY_INSTANCE_DIR/fleet.env")
}

json_field() {
  python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1" 2>/dev/null \
    || sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\).*/\1/p"
}

fleet_stop() {
  # Gateways first, alone: the requests they let finish at shutdown need their workers, the router and Kafka.
  stop_pidfiles "$RELAY_INSTANCE_DIR"/pids/gateway*.pid
  local f rest=()
  for f in "$RELAY_INSTANCE_DIR"/pids/*.pid; do
    case "$(basename "$f")" in kafka.pid | gateway*.pid) continue ;; esac
    rest+=("$f")
  done
  stop_pidfiles ${rest[@]+"${rest[@]}"}
}

# Stops these processes at the same time and waits for them all.
stop_pidfiles() {
  local f stops=()
  for f in "$@"; do
    [ -e "$f" ] || continue
    stop_pidfile "$f" & stops+=($!)
  done
  # Only these stops: a bare wait would also wait for a broker this shell started, i.e. forever.
  # A stop that failed must not keep the others (and the infrastructure after them) from being stopped.
  [ ${#stops[@]} -eq 0 ] || wait "${stops[@]}" || true
}

fleet_status() {
  fleet_ports
  local f name
  printf '%-12s %-8s %-8s %s\n' PROCESS PID STATE LOG
  for f in "$RELAY_INSTANCE_DIR"/pids/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    if pid_alive "$f"; then printf '%-12s %-8s %-8s %s\n' "$name" "$(cat "$f")" up "$RELAY_INSTANCE_DIR/logs/$name.log"
    else printf '%-12s %-8s %-8s %s\n' "$name" - down "$RELAY_INSTANCE_DIR/logs/$name.log"; fi
  done
}
