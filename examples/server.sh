# Shared by run.sh and browser-test/run.sh: build an example, start its servers (and for the cluster its Redis) on
# loopback, wait, stop. Source it; it defines functions only. Every process listens on 127.0.0.1 only, and each runs
# in its own process group, so that stopping it stops its children too.

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
READY_TIMEOUT_SECONDS=${READY_TIMEOUT_SECONDS:-180}
CONTEXT_PATH=/device-dashboard
REDIS_LAUNCHER=dev.melody.stream.redis.testing.RedisProcess
SERVER_PID=
REDIS_PID=
STARTED_PIDS=()

# Prints a free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Prints a server's name for people.
server_title() {
  case "$1" in
    wildfly) echo "WildFly" ;;
    payara) echo "Payara Micro" ;;
    *) echo "$1" ;;
  esac
}

# Builds the library and the example for one server (wildfly|payara), or for the cluster (cluster: the dashboard
# with the Redis backplane, for both servers, and the Redis launcher). The servers come from Maven Central.
build_example() {
  local what=$1
  case "$what" in
    wildfly|payara)
      (cd "$PROJECT_DIR" && mvn -B -q -DskipTests package -pl "examples/$what" -am) ;;
    cluster)
      (cd "$PROJECT_DIR" && mvn -B -q -DskipTests -Pcluster package \
        -pl examples/wildfly,examples/payara,examples/cluster -am) ;;
    *)
      echo "unknown example '$what': use wildfly, payara or cluster" >&2
      return 2 ;;
  esac
}

# Starts an example server in the background on the given HTTP port, with optional system properties
# (-Dkey=value ...) for its JVM; sets SERVER_PID (a process group leader) and adds it to STARTED_PIDS.
start_example() {
  local server=$1 port=$2 log=$3
  shift 3
  case "$server" in
    wildfly)
      local home
      home=$(ls -d "$EXAMPLES_DIR"/wildfly/target/wildfly-*/ | head -n 1)
      setsid "$home/bin/standalone.sh" -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.http.port="$port" -Djboss.https.port="$(free_port)" \
        -Djboss.management.http.port="$(free_port)" -Djboss.management.https.port="$(free_port)" \
        "$@" >"$log" 2>&1 &
      ;;
    payara)
      local dir="$EXAMPLES_DIR/payara/target/server"
      # a fresh root: Payara Micro would first redeploy the WAR of the previous run from it, and then undeploy that
      # copy for --deploy's, answering 404 in between (after the dashboard had looked ready)
      rm -rf "$dir/root"
      mkdir -p "$dir/tmp"
      setsid java -Djava.io.tmpdir="$dir/tmp" "$@" -jar "$dir/payara-micro.jar" --nocluster \
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
  STARTED_PIDS+=("$SERVER_PID")
}

# Waits until the dashboard's API answers on the port, or the server (SERVER_PID, or the given pid) died, or the
# timeout passed.
wait_until_ready() {
  local port=$1 pid=${2:-$SERVER_PID} deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port$CONTEXT_PATH/api/devices" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server on port $port exited before the dashboard was ready" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "the dashboard on port $port was not ready within ${READY_TIMEOUT_SECONDS}s" >&2
      return 1
    fi
    sleep 0.5
  done
}

# Starts a Redis on the given loopback port with the launcher that build_example cluster copied (redis-server from
# the PATH, else the binary inside embedded-redis from Maven Central), and waits until it answers PING: the
# launcher prints the port once it does. Sets REDIS_PID and adds it to STARTED_PIDS.
start_redis() {
  local port=$1 log=$2 deadline=$((SECONDS + 30)) tmp="$EXAMPLES_DIR/cluster/target/tmp"
  mkdir -p "$tmp"
  setsid java -Djava.io.tmpdir="$tmp" -cp "$EXAMPLES_DIR/cluster/target/redis/*" "$REDIS_LAUNCHER" \
    --port "$port" --no-stdin >"$log" 2>&1 &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  until grep -qx "$port" "$log" 2>/dev/null; do
    if ! kill -0 "$REDIS_PID" 2>/dev/null; then
      echo "Redis exited before it answered (log: $log):" >&2
      tail -n 5 "$log" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "Redis did not answer within 30 s (log: $log)" >&2
      return 1
    fi
    sleep 0.2
  done
}

# Stops one process group; waits until every process of it is gone, bounded, then kills what is left.
stop_group() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# Stops everything started here, newest first (the servers before their Redis), each one bounded.
stop_example() {
  local i
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    stop_group "${STARTED_PIDS[i]}"
  done
  STARTED_PIDS=()
  SERVER_PID=
  REDIS_PID=
}
