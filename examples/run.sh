#!/usr/bin/env bash
# Runs the device dashboard on a real server fetched from Maven Central.
#   examples/run.sh            WildFly on http://127.0.0.1:8080/device-dashboard/
#   examples/run.sh payara     Payara Micro instead
#   examples/run.sh cluster    a Redis, and WildFly (PORT) and Payara Micro (PAYARA_PORT, default PORT + 1) at once,
#                              one cluster over the Redis backplane; REDIS_PORT picks Redis's port (default: a free one)
#   PORT=9000 examples/run.sh  another port
# Ctrl-C stops the server (the cluster: all three).
set -euo pipefail
source "$(dirname "$0")/server.sh"

mode=${1:-wildfly}
port=${PORT:-8080}
started=$SECONDS

run_one() {
  local server=$1 title log="$EXAMPLES_DIR/$1/target/server.log"
  title=$(server_title "$server")
  echo "Building Melody Stream and the $title example..."
  build_example "$server"
  trap "echo; echo 'Stopping $title...'; stop_example" EXIT
  trap 'exit 130' INT TERM
  start_example "$server" "$port" "$log"
  echo "Starting $title (log: $log)..."
  wait_until_ready "$port"
  echo
  echo "Device dashboard on $title, ready after $((SECONDS - started)) s:"
  echo "  http://127.0.0.1:$port$CONTEXT_PATH/"
  echo "Press Ctrl-C to stop."
  wait "$SERVER_PID"
}

run_cluster() {
  local payara_port=${PAYARA_PORT:-$((port + 1))} redis_port=${REDIS_PORT:-$(free_port)}
  local redis_log="$EXAMPLES_DIR/cluster/target/redis.log"
  local wildfly_log="$EXAMPLES_DIR/wildfly/target/server.log" payara_log="$EXAMPLES_DIR/payara/target/server.log"
  local uri="redis://127.0.0.1:$redis_port" wildfly_pid payara_pid
  echo "Building Melody Stream, the Redis backplane and the dashboard for WildFly and Payara Micro..."
  build_example cluster
  echo "  built in $((SECONDS - started)) s"
  trap 'echo; echo "Stopping WildFly, Payara Micro and Redis..."; stop_example' EXIT
  trap 'exit 130' INT TERM

  echo "Starting Redis on 127.0.0.1:$redis_port (log: $redis_log)..."
  start_redis "$redis_port" "$redis_log"
  echo "Starting WildFly (log: $wildfly_log) and Payara Micro (log: $payara_log), both with $uri..."
  start_example wildfly "$port" "$wildfly_log" "-Dmelody.stream.redis.uri=$uri"
  wildfly_pid=$SERVER_PID
  start_example payara "$payara_port" "$payara_log" "-Dmelody.stream.redis.uri=$uri"
  payara_pid=$SERVER_PID
  wait_until_ready "$port" "$wildfly_pid"
  echo "  WildFly ready after $((SECONDS - started)) s"
  wait_until_ready "$payara_port" "$payara_pid"
  echo "  Payara Micro ready after $((SECONDS - started)) s"
  echo
  echo "Device dashboard on two servers, one cluster over Redis ($uri):"
  echo "  WildFly       http://127.0.0.1:$port$CONTEXT_PATH/"
  echo "  Payara Micro  http://127.0.0.1:$payara_port$CONTEXT_PATH/"
  echo "Open both and pick the same device: a task created on one page appears on the other."
  echo "Press Ctrl-C to stop all three."
  local status=0
  wait -n "$wildfly_pid" "$payara_pid" "$REDIS_PID" || status=$?
  echo "A process of the cluster exited (status $status); see the logs above." >&2
  return 1
}

case "$mode" in
  wildfly|payara) run_one "$mode" ;;
  cluster) run_cluster ;;
  *) echo "usage: examples/run.sh [wildfly|payara|cluster]" >&2; exit 2 ;;
esac
