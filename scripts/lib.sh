#!/usr/bin/env bash
# Shared shell functions for ./relay and CI. Sourced, never run.

RELAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RELAY_STATE="${RELAY_STATE:-$RELAY_ROOT/.relay}"

say()  { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarn:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Major version of the JDK at $1 (a JAVA_HOME), or empty.
jdk_major() {
  local release="$1/release"
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
  fi
}

# Picks a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm. Exports JAVA_HOME.
pick_jdk() {
  local candidate best="" best_major=0 major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major="$(jdk_major "$candidate")"
    [ -n "$major" ] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then best="$candidate"; best_major="$major"; break; fi
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  [ -n "$best" ] || die "Relay needs a JDK 21 or newer and none was found (looked at \$JAVA_HOME and /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, then retry."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

mvnw() {
  # Maven's bundled Guice warns about sun.misc.Unsafe on JDK 24+; the flag that silences it does not exist before.
  local opts="${MAVEN_OPTS:-}"
  [ "$(jdk_major "$JAVA_HOME")" -ge 24 ] && opts="$opts --sun-misc-unsafe-memory-access=allow"
  (cd "$RELAY_ROOT" && MAVEN_OPTS="$opts" ./mvnw -B -ntp "$@")
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every 0.2 s.
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { warn "$what did not come up within ${secs}s"; return 1; }
    sleep 0.2
  done
}

# PID files: every process ./relay starts is recorded here, and only those are ever stopped.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() {
  local pidfile="$1" name pid i
  name="$(basename "$pidfile" .pid)"
  if pid_alive "$pidfile"; then
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    # A gateway stops gracefully: requests in flight get up to 60 s, those whose client left 10 s more to be
    # billed, then its usage publisher flushes.
    for i in $(seq 1 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then warn "$name did not stop in 120s, killing"; kill -9 "$pid" 2>/dev/null || true; fi
    say "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}
