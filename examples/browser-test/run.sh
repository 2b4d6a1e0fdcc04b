#!/usr/bin/env bash
# Browser test of one example: builds it, starts its server on a free loopback port, drives the page in headless
# Chromium, saves a screenshot under examples/<server>/target/, and stops the server.
#   examples/browser-test/run.sh wildfly|payara
# Needs Debian's chromium (apt-get install chromium); .ci/run installs it.
set -euo pipefail
source "$(dirname "$0")/../server.sh"

server=${1:?usage: run.sh wildfly|payara}
target="$EXAMPLES_DIR/$server/target"
started=$SECONDS

build_example "$server"
port=$(free_port)
trap stop_example EXIT
start_example "$server" "$port" "$target/server.log"
wait_until_ready "$port"
echo "$server: dashboard ready on port $port after $((SECONDS - started)) s"

cd "$EXAMPLES_DIR/browser-test"
[[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund
DASHBOARD_URL="http://127.0.0.1:$port/device-dashboard/" SCREENSHOT="$target/dashboard.png" npm test
echo "$server: screenshot saved to $target/dashboard.png"
