# Shared by run.sh and browser-test/run.sh: build an example, start its server on loopback, wait, stop.
# Source it; it defines functions only. Every server listens on 127.0.0.1 only.

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
READY_TIMEOUT_SECONDS=${READY_TIMEOUT_SECONDS:-180}
CONTEXT_PATH=/device-dashboard
SERVER_PID=

# Prints a free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Builds the library and the example for one server (wildfly|payara); the server comes from Maven Central.
build_example() {
  local server=$1
  (cd "$PROJECT_DIR" && mvn -B -q -DskipTests package -pl "examples/$server" -am)
}

# Starts the example server in the background on the given HTTP port; sets SERVER_PID (a process group leader).
start_example() {
  local server=$1 port=$2 log=$3
  case "$server" in
    wildfly)
      local home
      home=$(ls -d "$EXAMPLES_DIR"/wildfly/target/wildfly-*/ | head -n 1)
      setsid "$home/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.http.port="$port" -Djboss.https.port="$(free_port)" \
        -Djboss.management.http.port="$(free_port)" -Djboss.management.https.port="$(free_port)" \
        >"$log" 2>&1 &
      ;;
    payara)
      local dir="$EXAMPLES_DIR/payara/target/server"
      mkdir -p "$dir/tmp"
      setsid java -Djava.io.tmpdir="$dir/tmp" -jar "$dir/payara-micro.jar" --nocluster \
        --prebootcommandfile "$EXAMPLES_DIR/payara/loopback.asadmin" \
        --deploy "$dir/device-dashboard.war" --contextroot device-dashboard \
        --port "$port" --sslport "$(free_port)" --rootdir "$dir/root" >"$log" 2>&1 &
      ;;
    *)
      echo "unknown server '$server': use wildfly or payara" >&2
      return 2
      ;;
  esac
  SERVER_PID=$!
}

# Waits until the dashboard's API answers, or the server died, or the timeout passed.
wait_until_ready() {
  local port=$1 deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port$CONTEXT_PATH/api/devices" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the server exited before the dashboard was ready" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "the dashboard was not ready within ${READY_TIMEOUT_SECONDS}s" >&2
      return 1
    fi
    sleep 0.5
  done
}

# Stops the server's whole process group; waits until every process of it is gone, bounded.
stop_example() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 -- "-$SERVER_PID" 2>/dev/null || { SERVER_PID=; return 0; }
    sleep 0.5
  done
  kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
