#!/usr/bin/env bash
# The CI smoke run of the end-to-end benchmarks: builds the benchmark WAR and the load client once, then runs the
# quick plan with --check on WildFly, Payara Micro and Open Liberty, one after the other. Fails when a server
# does not start, or when the library's targets delivered nothing, lost or duplicated a message, or a baseline
# delivered nothing; when a churn cycle (P8: 2,000 per transport) failed or left a subscriber behind; or when the
# reconnect soak (P9: 30 s) lost, duplicated or reordered an event or got a marker; or, on WildFly, when the cluster
# over Redis (P10: a Redis and two nodes, publish on one, subscribe on the other) lost, duplicated or failed to
# publish an event. It measures nothing worth reporting (the sizes are tiny); it keeps the harness compiling and
# honest. About two minutes per server, and half a minute more on WildFly for P10.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$BENCH_DIR/.."
mvn -B -q -DskipTests package -pl benchmarks/server,benchmarks/cluster-node,benchmarks/load -am
rm -f "$BENCH_DIR"/target/results/*-quick.txt
for server in wildfly payara liberty; do
  echo "benchmark smoke on $server"
  "$BENCH_DIR/run.sh" "$server" --quick --check --no-build
done
