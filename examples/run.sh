#!/usr/bin/env bash
# Runs the device dashboard on a real server fetched from Maven Central.
#   examples/run.sh            WildFly on http://127.0.0.1:8080/device-dashboard/
#   examples/run.sh payara     Payara Micro instead
#   PORT=9000 examples/run.sh  another port
# Ctrl-C stops the server.
set -euo pipefail
source "$(dirname "$0")/server.sh"

server=${1:-wildfly}
port=${PORT:-8080}
started=$SECONDS
log="$EXAMPLES_DIR/$server/target/server.log"

echo "Building Melody Stream and the $server example..."
build_example "$server"
trap 'echo; echo "Stopping $server..."; stop_example' EXIT
trap 'exit 130' INT TERM
start_example "$server" "$port" "$log"
echo "Starting $server (log: $log)..."
wait_until_ready "$port"
echo
echo "Device dashboard on $server, ready after $((SECONDS - started)) s:"
echo "  http://127.0.0.1:$port$CONTEXT_PATH/"
echo "Press Ctrl-C to stop."
wait "$SERVER_PID"
