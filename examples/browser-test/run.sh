#!/usr/bin/env bash
# Browser test of one example: builds it, starts its server on a free loopback port, drives the page in headless
# Chromium, saves a screenshot under examples/<server>/target/, and stops the server.
#   examples/browser-test/run.sh wildfly|payara
#   examples/browser-test/run.sh cluster   a Redis, WildFly and Payara Micro as one cluster (examples/run.sh cluster);
#                                          drives a page on each; screenshots under examples/cluster/target/
# Needs Debian's chromium (apt-get install chromium); .ci/run installs it.
set -euo pipefail
source "$(dirname "$0")/../server.sh"

mode=${1:?usage: run.sh wildfly|payara|cluster}
started=$SECONDS

install_test_tools() {
  cd "$EXAMPLES_DIR/browser-test"
  [[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund
}

test_one() {
  local server=$1 target="$EXAMPLES_DIR/$1/target" port
  build_example "$server"
  port=$(free_port)
  trap stop_example EXIT
  start_example "$server" "$port" "$target/server.log"
  wait_until_ready "$port"
  echo "$server: dashboard ready on port $port after $((SECONDS - started)) s"

  install_test_tools
  DASHBOARD_URL="http://127.0.0.1:$port$CONTEXT_PATH/" SCREENSHOT="$target/dashboard.png" npm test
  echo "$server: screenshot saved to $target/dashboard.png"
}

test_cluster() {
  local target="$EXAMPLES_DIR/cluster/target" redis_port wildfly_port payara_port wildfly_pid payara_pid uri
  build_example cluster
  redis_port=$(free_port)
  wildfly_port=$(free_port)
  payara_port=$(free_port)
  uri="redis://127.0.0.1:$redis_port"
  trap stop_example EXIT
  start_redis "$redis_port" "$target/redis.log"
  echo "cluster: Redis answers on port $redis_port"
  start_example wildfly "$wildfly_port" "$EXAMPLES_DIR/wildfly/target/server.log" "-Dmelody.stream.redis.uri=$uri"
  wildfly_pid=$SERVER_PID
  start_example payara "$payara_port" "$EXAMPLES_DIR/payara/target/server.log" "-Dmelody.stream.redis.uri=$uri"
  payara_pid=$SERVER_PID
  wait_until_ready "$wildfly_port" "$wildfly_pid"
  wait_until_ready "$payara_port" "$payara_pid"
  echo "cluster: dashboard ready on WildFly (port $wildfly_port) and Payara Micro (port $payara_port)" \
    "after $((SECONDS - started)) s"

  install_test_tools
  WILDFLY_URL="http://127.0.0.1:$wildfly_port$CONTEXT_PATH/" PAYARA_URL="http://127.0.0.1:$payara_port$CONTEXT_PATH/" \
    SCREENSHOT_DIR="$target" npm run test:cluster
  echo "cluster: screenshots saved to $target/wildfly.png and $target/payara.png"
}

case "$mode" in
  wildfly|payara) test_one "$mode" ;;
  cluster) test_cluster ;;
  *) echo "usage: run.sh wildfly|payara|cluster" >&2; exit 2 ;;
esac
