#!/usr/bin/env bash
# Infrastructure for one Relay instance: Kafka (KRaft, from Maven Central jars), PostgreSQL and Redis.
# Sourced by ./relay. An instance is "dev" (./relay up), "test" (unit tests under ./relay test) or "e2e" (the
# fleet end-to-end tests boot); each has its own Kafka, databases and Redis db index, so none disturbs another.

# instance_env NAME: exports the connection settings every service and test reads.
instance_env() {
  export RELAY_INSTANCE="$1"
  case "$1" in
    dev)  KAFKA_PORT=9092;  KAFKA_CONTROLLER_PORT=9093;  CHAIN_PORT=8545;  export RELAY_DB_SUFFIX="";      REDIS_DB=0 ;;
    test) KAFKA_PORT=19092; KAFKA_CONTROLLER_PORT=19093; CHAIN_PORT=18545; export RELAY_DB_SUFFIX="_test"; REDIS_DB=1 ;;
    # The fleet the end-to-end tests boot: isolated from unit tests, which clean their databases at start.
    e2e)  KAFKA_PORT=29092; KAFKA_CONTROLLER_PORT=29093; CHAIN_PORT=28545; export RELAY_DB_SUFFIX="_e2e";  REDIS_DB=2 ;;
    *) die "unknown instance $1" ;;
  esac
  export RELAY_INSTANCE_DIR="$RELAY_STATE/$1"
  export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
  export RELAY_PG_HOST="${RELAY_PG_HOST:-127.0.0.1}" RELAY_PG_PORT="${RELAY_PG_PORT:-5432}" RELAY_PG_USER="${RELAY_PG_USER:-postgres}"
  export RELAY_REDIS_URL="redis://127.0.0.1:${RELAY_REDIS_PORT:-6379}/$REDIS_DB"
  # The local EVM chain settlement-service pays on, and the operator account it pays from: anvil's first
  # development account, whose key anvil publishes to everyone (never a key that holds anything real).
  export RELAY_CHAIN_URL="http://127.0.0.1:$CHAIN_PORT"
  export RELAY_OPENGPU_OPERATOR="0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
  export RELAY_SETTLEMENT_OPERATOR_KEY="0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
  mkdir -p "$RELAY_INSTANCE_DIR/pids" "$RELAY_INSTANCE_DIR/logs"
}

RELAY_DATABASES="relay_auth relay_billing relay_router relay_task relay_settlement"

# --- Kafka -------------------------------------------------------------------------------------

kafka_libs() {
  local libs="$RELAY_STATE/kafka/libs"
  if ! ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1; then
    say "fetching Kafka broker jars from Maven Central (once)"
    (cd "$RELAY_ROOT/scripts/kafka" && "$RELAY_ROOT/mvnw" -B -ntp -q dependency:copy-dependencies \
        -DoutputDirectory="$libs" -DincludeScope=runtime) || die "could not fetch Kafka jars"
  fi
  echo "$libs"
}

kafka_up() {
  local pidfile="$RELAY_INSTANCE_DIR/pids/kafka.pid" dir="$RELAY_INSTANCE_DIR/kafka" libs
  if pid_alive "$pidfile"; then say "Kafka already running on $KAFKA_BOOTSTRAP_SERVERS"; return 0; fi
  if port_open "$KAFKA_PORT"; then say "reusing the Kafka already listening on $KAFKA_BOOTSTRAP_SERVERS"; return 0; fi
  libs="$(kafka_libs)"
  # Test brokers start empty every run; a dev broker keeps its data between ups.
  [ "$RELAY_INSTANCE" != dev ] && rm -rf "$dir"
  mkdir -p "$dir"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat > "$dir/log4j2.properties" <<'PROPS'
status=warn
appender.out.type=Console
appender.out.name=out
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=WARN
rootLogger.appenderRef.out.ref=out
logger.kafka.name=kafka.server.KafkaRaftServer
logger.kafka.level=INFO
PROPS
  local java_opts="-Xms256m -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile=$dir/log4j2.properties"
  # The storage tool runs for a second: C1 only. The broker keeps the full JIT: it runs all session and carries a
  # produce and several fetches for every chat request.
  local tool_opts="$java_opts -XX:TieredStopAtLevel=1"
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java $tool_opts -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    java $tool_opts -cp "$libs/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      >"$RELAY_INSTANCE_DIR/logs/kafka-format.log" 2>&1 || die "Kafka storage format failed: see $RELAY_INSTANCE_DIR/logs/kafka-format.log"
  fi
  say "starting Kafka (KRaft) on $KAFKA_BOOTSTRAP_SERVERS"
  nohup java $java_opts -cp "$libs/*" kafka.Kafka "$dir/server.properties" \
    >"$RELAY_INSTANCE_DIR/logs/kafka.log" 2>&1 &
  echo $! > "$pidfile"
  RELAY_STARTED_KAFKA=1
  wait_for "Kafka" 60 port_open "$KAFKA_PORT" || die "Kafka did not start: see $RELAY_INSTANCE_DIR/logs/kafka.log"
}

# --- EVM chain (OpenGPU settlement) ------------------------------------------------------------

# Installs anvil (Foundry's local EVM node, which ships its binary on the npm registry) and solc (solcjs) under
# .relay/npm, once; prints that directory.
chain_tools() {
  local dir="$RELAY_STATE/npm"
  if [ ! -x "$dir/node_modules/.bin/anvil" ] || [ ! -x "$dir/node_modules/.bin/solcjs" ]; then
    command -v npm >/dev/null || ensure_debian_package npm npm
    say "installing anvil and solc from the npm registry (once)"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --silent --no-save @foundry-rs/anvil@1.7.1 solc@0.8.37 >&2 \
      || die "could not install anvil and solc from the npm registry"
  fi
  echo "$dir"
}

chain_up() {
  local pidfile="$RELAY_INSTANCE_DIR/pids/chain.pid" state=() tools
  if pid_alive "$pidfile"; then say "EVM chain already running on $RELAY_CHAIN_URL"; return 0; fi
  if port_open "$CHAIN_PORT"; then say "reusing the EVM chain already listening on $RELAY_CHAIN_URL"; return 0; fi
  tools="$(chain_tools)"
  # A dev chain keeps its blocks between ups (the dev settlements point at them); test chains start empty.
  [ "$RELAY_INSTANCE" = dev ] && state=(--state "$RELAY_INSTANCE_DIR/chain-state.json")
  say "starting a local EVM chain (anvil) on $RELAY_CHAIN_URL"
  # The platform's binary itself when npm installed it, rather than the package's Node launcher: one process less.
  local anvil
  anvil="$(ls "$tools"/node_modules/@foundry-rs/anvil-*/bin/anvil 2>/dev/null | head -1)"
  [ -x "$anvil" ] || anvil="$tools/node_modules/.bin/anvil"
  # --silent: anvil's banner lists its development accounts' private keys, and no key belongs in a log.
  nohup "$anvil" --silent --host 127.0.0.1 --port "$CHAIN_PORT" "${state[@]}" \
    >"$RELAY_INSTANCE_DIR/logs/chain.log" 2>&1 &
  echo $! > "$pidfile"
  wait_for "EVM chain" 60 port_open "$CHAIN_PORT" || die "anvil did not start: see $RELAY_INSTANCE_DIR/logs/chain.log"
}

# --- PostgreSQL --------------------------------------------------------------------------------

psql_admin() {
  psql -v ON_ERROR_STOP=1 -h "$RELAY_PG_HOST" -p "$RELAY_PG_PORT" -U "$RELAY_PG_USER" -d postgres -qtA "$@"
}

postgres_up() {
  if ! port_open "$RELAY_PG_PORT"; then
    start_local_postgres
  else
    say "reusing PostgreSQL on $RELAY_PG_HOST:$RELAY_PG_PORT"
  fi
  command -v psql >/dev/null || ensure_debian_package postgresql-client psql
  local db
  for db in $RELAY_DATABASES; do
    db="$db$RELAY_DB_SUFFIX"
    if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      psql_admin -c "CREATE DATABASE $db" || die "could not create database $db"
    fi
  done
}

# No server on the port: start Debian's PostgreSQL (installed if missing) in a cluster of our own.
start_local_postgres() {
  local pgdata="$RELAY_STATE/postgres" bindir pidfile="$RELAY_STATE/postgres.pid"
  ensure_debian_package postgresql initdb_path
  bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  local runas=()
  [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"; [ "$(id -u)" = 0 ] && chown postgres "$pgdata" "$RELAY_STATE"
    "${runas[@]}" "$bindir/initdb" -D "$pgdata" -U "$RELAY_PG_USER" --auth=trust >/dev/null || die "initdb failed"
  fi
  say "starting PostgreSQL on 127.0.0.1:$RELAY_PG_PORT (data in $pgdata)"
  "${runas[@]}" "$bindir/pg_ctl" -D "$pgdata" -o "-p $RELAY_PG_PORT -k /tmp -c listen_addresses=127.0.0.1" \
    -l "$RELAY_STATE/postgres.log" -w start >/dev/null || die "PostgreSQL did not start: see $RELAY_STATE/postgres.log"
  head -1 "$pgdata/postmaster.pid" > "$pidfile"
}

# --- Redis -------------------------------------------------------------------------------------

redis_up() {
  local port="${RELAY_REDIS_PORT:-6379}" pidfile="$RELAY_STATE/redis.pid"
  if port_open "$port"; then say "reusing Redis on 127.0.0.1:$port"; return 0; fi
  command -v redis-server >/dev/null || ensure_debian_package redis-server redis-server
  say "starting Redis on 127.0.0.1:$port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --pidfile "$pidfile" --logfile "$RELAY_STATE/redis.log" >/dev/null || die "Redis did not start"
  wait_for "Redis" 20 port_open "$port" || die "Redis did not start: see $RELAY_STATE/redis.log"
}

ensure_debian_package() {
  local pkg="$1" probe="$2"
  case "$probe" in
    initdb_path) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0 ;;
    *) command -v "$probe" >/dev/null && return 0 ;;
  esac
  command -v apt-get >/dev/null || die "$pkg is needed and apt-get is not available: install it and retry"
  say "installing $pkg from Debian packages"
  local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$pkg" >/dev/null \
    || die "could not install $pkg"
}

# One start at a time on this machine (modules tested in parallel, two checkouts, or ./relay up beside a test run
# may all find the infrastructure down; PostgreSQL and Redis are the machine's): the second waits, then finds it
# running. Not a subshell, as kafka_up sets RELAY_STARTED_KAFKA for the caller; the servers started are not handed
# the lock's descriptor ({lock}>&-), or they would hold the lock for as long as they run.
infra_up() {
  if ! command -v flock >/dev/null; then
    redis_up; postgres_up; kafka_up; chain_up
    return
  fi
  local lock
  exec {lock}>"${TMPDIR:-/tmp}/relay-infra.lock"
  # The first start may download Kafka's jars or install packages: minutes, not forever.
  flock -w 900 "$lock" || die "another start of the infrastructure has held ${TMPDIR:-/tmp}/relay-infra.lock for 15 min"
  redis_up {lock}>&-
  postgres_up {lock}>&-
  kafka_up {lock}>&-
  chain_up {lock}>&-
  exec {lock}>&-
}

# Stops this instance's Kafka and chain. PostgreSQL and Redis are shared by the instances and stay up.
infra_down() {
  stop_pidfile "$RELAY_INSTANCE_DIR/pids/chain.pid"
  stop_pidfile "$RELAY_INSTANCE_DIR/pids/kafka.pid"
}
