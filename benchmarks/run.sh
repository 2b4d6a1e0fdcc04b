#!/usr/bin/env bash
# Runs the end-to-end benchmarks (P1-P5 of issue 6, P7 of issue 10, P8-P9 of issue 11, P10 of issues 12 and 13,
# P12 and P13 of issue 14)
# against one real server fetched from Maven Central:
#
#   benchmarks/run.sh wildfly|payara|liberty [--quick|--reduced] [--runs N] [--only P1,P2,P3,P4,P5,P7,P8,P9,P10,P12,P13] [--check]
#                     [--profile] [--no-build] [--tag NAME] [--soak-seconds S] [--churn-cycles N]
#                     [--rate-events N] [--cluster-publisher wildfly|payara] [--cluster-kinds K,K]
#                     [--cluster-backplane redis|amqp|jms] [--amqp-broker qpid|rabbitmq]
#
# Each run starts a fresh server with the benchmark WAR on 127.0.0.1 (free ports, -Xms256m -Xmx2g), runs the load
# client (a separate JVM) against it, and stops the server; the client's RESULT lines are appended to
# benchmarks/target/results/<server>-<plan>.txt, and benchmarks/summary.sh turns them into tables.
# --reduced runs a tenth of the deliveries (for Payara Micro, whose transport delivers a few thousand a second here).
# --quick runs the small smoke plan (two minutes or so per server); --check fails the run when the library's
# targets delivered nothing or lost or duplicated a message, a churn cycle failed or left a subscriber behind, or the
# reconnect soak lost, duplicated or reordered an event or got a marker. --profile records JFR on the server and the
# client. The default measurements are P1-P5 and P7; the quick plan adds the churn (P8) and the soak (P9), which the
# full plan runs only when asked (--only P8,P9: 100,000 cycles per transport and a 10-minute soak, ~20 minutes), and
# on WildFly the cluster (P10: half a minute at the quick size; the full size, about 3 minutes a run, only when
# asked with --only P10). The quick plan also runs P12, the deep streams of issue 14 (20 readers × 1,000 × 1 KB at the
# quick size); the other plans run it only with --only P12 (20 readers × 10,000 × 1 KB, about a minute a run).
# P13 (issue 14), only with --only P13 and on its own: the library beside Atmosphere 4 in one server process, a
# fan-out of 1,000 subscribers × 200 × 100 B (100 × 20 quick) on each transport, the library's targets against
# Atmosphere's Broadcaster (targets atmo and atmo-sse of benchmarks/atmosphere, an overlay of the benchmark WAR
# deployed in its place). Atmosphere 4 needs Java 21, so that WAR is built and its server run with the JDK named by
# ATMOSPHERE_JAVA_HOME, else the first JDK 21 or later found under /usr/lib/jvm; the load client stays on the
# default java.
# --no-build uses the WAR and client jar already built (benchmarks/smoke.sh builds them once for all servers).
# --soak-seconds S runs the reconnect soak (P9) for S seconds instead of the plan's (600 full, 20 quick);
# --churn-cycles N runs N churn cycles per transport (P8) instead of the plan's (100,000 full, 2,000 quick).
# --rate-events N publishes N events in P10's publish-rate measurement instead of the plan's (50,000 full, 2,000 quick);
# --cluster-kinds runs only some of P10's measurements (fanout, latency, wide, rate; after the warm-up).
# --tag NAME keeps the results apart (<server>-<plan>-NAME.txt), for example for profiled or before/after runs.
# P10 (issue 12's cluster benchmark, which the issue calls P7), only with --only P10, WildFly only: per run a Redis
# (redis-server from the PATH, else the Linux binary inside com.github.codemonstur:embedded-redis) and one WildFly
# with three deployments of the benchmark WAR: melody-bench without a backplane (the single node the figures are
# compared with), and melody-bench-a and melody-bench-b, the two nodes of the cluster, whose
# microprofile-config.properties set melody.stream.redis.uri to that Redis. The client publishes on node A and
# subscribes on node B. (At most one server process of a kind at a time on this machine: the two nodes are two
# applications in one server, each with its own copy of the library, hub and Redis connections.)
# --cluster-publisher payara runs node A in a second JVM instead: Payara Micro with the same node WAR, beside the
# WildFly that holds the single node and node B (one server process of each kind; Redis or AMQP only).
# --cluster-backplane picks the backplane of P10's two nodes (issue 13; default redis, as above):
#   amqp: the node WAR carries melody-stream-amqp and the RabbitMQ Java client, its microprofile-config.properties
#         sets melody.stream.amqp.uri, and the broker is started per run on a free loopback port by the
#         benchmarks/broker launcher: --amqp-broker qpid (default: Apache Qpid Broker-J from Maven Central, in the
#         launcher's JVM) or rabbitmq (a private node of the installed rabbitmq-server);
#   jms:  the node WAR carries melody-stream-jms and no configuration; the WildFly runs standalone-full.xml, whose
#         embedded Artemis is the broker both nodes share (java:comp/DefaultJMSConnectionFactory), and the single
#         node runs in that same server, so its figures are taken with the same profile. There is no broker
#         process of its own, so no broker CPU time.
# Every process started here is stopped on exit (its process group), and every wait is bounded.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$BENCH_DIR/.." && pwd)
TARGET_DIR="$BENCH_DIR/target"
READY_TIMEOUT_SECONDS=${READY_TIMEOUT_SECONDS:-180}
STOP_TIMEOUT_SECONDS=30
CLIENT_DEADLINE_FULL_SECONDS=2400
CLIENT_DEADLINE_QUICK_SECONDS=420
SERVER_HEAP="-Xms256m -Xmx2g"
CLIENT_HEAP="-Xms512m -Xmx3g"
CONTEXT=melody-bench
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

usage() {
  echo "usage: $0 wildfly|payara|liberty [--quick|--reduced] [--runs N] [--only P1,P2,P3,P4,P5,P7,P8,P9,P10,P12,P13]" \
    "[--check]" \
    "[--profile]" \
    "[--no-build] [--tag NAME] [--soak-seconds S] [--churn-cycles N] [--rate-events N]" \
    "[--cluster-publisher wildfly|payara] [--cluster-kinds fanout,latency,wide,rate]" \
    "[--cluster-backplane redis|amqp|jms] [--amqp-broker qpid|rabbitmq]" >&2
  exit 2
}

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
  exit 0
fi
SERVER=${1:-}; shift || true
case "$SERVER" in wildfly|payara|liberty) ;; *) usage ;; esac
PLAN=full; RUNS=3; ONLY=; SIZES=(); CHECK=; PROFILE=; BUILD=1; TAG=; PUBLISHER_SERVER=wildfly
BACKPLANE=redis; AMQP_BROKER=qpid
while (($#)); do
  case "$1" in
    --quick) PLAN=quick; RUNS=1 ;;
    --reduced) PLAN=reduced ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --check) CHECK=--check ;;
    --profile) PROFILE=1 ;;
    --no-build) BUILD= ;;
    --tag) TAG=-$2; shift ;;
    --soak-seconds) SIZES+=(--soak-seconds "$2"); shift ;;
    --churn-cycles) SIZES+=(--churn-cycles "$2"); shift ;;
    --rate-events) SIZES+=(--rate-events "$2"); shift ;;
    --cluster-kinds) SIZES+=(--cluster-kinds "$2"); shift ;;
    --cluster-publisher) PUBLISHER_SERVER=$2; shift ;;
    --cluster-backplane) BACKPLANE=$2; shift ;;
    --amqp-broker) AMQP_BROKER=$2; shift ;;
    *) usage ;;
  esac
  shift
done
if [[ -z "$ONLY" ]]; then
  ONLY=P1,P2,P3,P4,P5,P7
  [[ "$PLAN" != quick ]] || ONLY=$ONLY,P8,P9,P12
  [[ "$PLAN" != quick || "$SERVER" != wildfly ]] || ONLY=$ONLY,P10
fi
# P10 runs against its own set-up (a Redis and three deployments); the others against one deployment.
CLUSTER=; NODE_ONLY=
IFS=, read -r -a requested <<<"$ONLY"
for scenario in "${requested[@]}"; do
  if [[ "$scenario" == P10 ]]; then CLUSTER=1; else NODE_ONLY=${NODE_ONLY:+$NODE_ONLY,}$scenario; fi
done
# P13 deploys the Atmosphere WAR instead of the benchmark WAR, on a JDK 21 or later: a run of its own.
ATMOSPHERE=
if [[ ",$ONLY," == *,P13,* ]]; then
  if [[ "$ONLY" != P13 ]]; then
    echo "P13 (the library beside Atmosphere) runs on its own, on another JDK and WAR: --only P13" >&2
    exit 2
  fi
  ATMOSPHERE=1
fi
if [[ -n "$CLUSTER" && "$SERVER" != wildfly ]]; then
  echo "P10 (the cluster) runs on WildFly only" >&2
  exit 2
fi
case "$PUBLISHER_SERVER" in wildfly|payara) ;; *) echo "--cluster-publisher must be wildfly or payara" >&2; exit 2 ;; esac
case "$BACKPLANE" in redis|amqp|jms) ;; *) echo "--cluster-backplane must be redis, amqp or jms" >&2; exit 2 ;; esac
case "$AMQP_BROKER" in qpid|rabbitmq) ;; *) echo "--amqp-broker must be qpid or rabbitmq" >&2; exit 2 ;; esac
# The broker's name in P10's result lines.
case "$BACKPLANE" in redis) BROKER_NAME=redis ;; amqp) BROKER_NAME=$AMQP_BROKER ;; jms) BROKER_NAME=artemis ;; esac
if [[ "$BACKPLANE" == jms && "$PUBLISHER_SERVER" == payara ]]; then
  echo "--cluster-backplane jms shares the WildFly's own Artemis: node A cannot run on Payara Micro" >&2
  exit 2
fi
if [[ -n "$CLUSTER" && "$BACKPLANE" == amqp && "$AMQP_BROKER" == rabbitmq ]] && ! command -v rabbitmq-server >/dev/null \
    && [[ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then
  echo "--amqp-broker rabbitmq needs rabbitmq-server installed (Debian: apt-get install rabbitmq-server)" >&2
  exit 2
fi

# Connections need file descriptors: as many as the hard limit allows (the full plan needs ~19,000 per process).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files limit: $(ulimit -n)"

pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$PROJECT_DIR/pom.xml" | head -n 1
}
WILDFLY_VERSION=$(pom_property wildfly.version)
PAYARA_VERSION=$(pom_property payara.micro.version)
LIBERTY_VERSION=$(pom_property openliberty.version)

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

stop_group() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 $((STOP_TIMEOUT_SECONDS * 2))); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# The broker of P10 (Redis, or the AMQP launcher; none for JMS, whose broker runs inside the WildFly).
BROKER_PID=
stop_broker() {
  [[ -n "$BROKER_PID" ]] || return 0
  stop_group "$BROKER_PID"
  BROKER_PID=
}

NODE_PID=
stop_node() {
  [[ -n "$NODE_PID" ]] || return 0
  stop_group "$NODE_PID"
  NODE_PID=
}

SERVER_PID=
stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  stop_group "$SERVER_PID"
  SERVER_PID=
}
trap 'stop_server; stop_node; stop_broker' EXIT
trap 'exit 130' INT TERM

# The cluster node's WAR: the benchmark WAR with the backplane's jars (module benchmarks/cluster-node for Redis,
# benchmarks/cluster-node-amqp and benchmarks/cluster-node-jms for the others).
MODULES=benchmarks/server,benchmarks/cluster-node,benchmarks/load
# The JDK of the server (empty: the default java); P13's is one of Java 21 or later.
java_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
SERVER_JAVA_HOME=
if [[ -n "$ATMOSPHERE" ]]; then
  for candidate in "${ATMOSPHERE_JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" ]] || continue
    version=$(java_version "$candidate")
    if [[ "$version" =~ ^[0-9]+$ ]] && ((version >= 21)); then
      SERVER_JAVA_HOME=$candidate
      break
    fi
  done
  if [[ -z "$SERVER_JAVA_HOME" ]]; then
    echo "P13 needs a JDK 21 or later for Atmosphere 4: set ATMOSPHERE_JAVA_HOME" >&2
    exit 2
  fi
  echo "P13: Atmosphere's WAR and its server on $SERVER_JAVA_HOME (Java $(java_version "$SERVER_JAVA_HOME"))"
  export JAVA_HOME=$SERVER_JAVA_HOME          # for the build and the servers' scripts; the client runs on java
  MODULES=benchmarks/server,benchmarks/atmosphere,benchmarks/load
fi
SERVER_JAVA=${SERVER_JAVA_HOME:+$SERVER_JAVA_HOME/bin/}java
case "$BACKPLANE" in
  redis) NODE_WAR="$BENCH_DIR/cluster-node/target/$CONTEXT-node.war" ;;
  amqp) NODE_WAR="$BENCH_DIR/cluster-node-amqp/target/$CONTEXT-node-amqp.war"
    [[ -z "$CLUSTER" ]] || MODULES=$MODULES,benchmarks/cluster-node-amqp,benchmarks/broker ;;
  jms) NODE_WAR="$BENCH_DIR/cluster-node-jms/target/$CONTEXT-node-jms.war"
    [[ -z "$CLUSTER" ]] || MODULES=$MODULES,benchmarks/cluster-node-jms ;;
esac
if [[ -n "$BUILD" ]]; then
  echo "building the benchmark WAR and the load client"
  (cd "$PROJECT_DIR" && mvn -B -q -DskipTests package -pl "$MODULES" -am)
fi
WAR="$BENCH_DIR/server/target/$CONTEXT.war"
[[ -z "$ATMOSPHERE" ]] || WAR="$BENCH_DIR/atmosphere/target/$CONTEXT-atmosphere.war"
CLIENT_JAR="$BENCH_DIR/load/target/load-client.jar"
BROKER_JAR="$BENCH_DIR/broker/target/bench-broker.jar"          # the AMQP brokers' launcher (its lib/ beside it)

SERVERS_DIR="$TARGET_DIR/servers"
mkdir -p "$SERVERS_DIR" "$TARGET_DIR/results"
fetch_server() {
  case "${1:-$SERVER}" in
    wildfly)
      [[ -d "$SERVERS_DIR/wildfly-$WILDFLY_VERSION" ]] || (cd "$PROJECT_DIR" && mvn -B -q "$DEPENDENCY_PLUGIN:unpack" \
        -Dartifact="org.wildfly:wildfly-dist:$WILDFLY_VERSION:zip" -DoutputDirectory="$SERVERS_DIR") ;;
    payara)
      # always a fresh copy: a stale Payara Micro jar has made a start hang
      rm -f "$SERVERS_DIR/payara-micro-$PAYARA_VERSION.jar"
      (cd "$PROJECT_DIR" && mvn -B -q "$DEPENDENCY_PLUGIN:copy" \
        -Dartifact="fish.payara.extras:payara-micro:$PAYARA_VERSION:jar" -DoutputDirectory="$SERVERS_DIR") ;;
    liberty)
      [[ -d "$SERVERS_DIR/wlp" ]] || (cd "$PROJECT_DIR" && mvn -B -q "$DEPENDENCY_PLUGIN:unpack" \
        -Dartifact="io.openliberty:openliberty-runtime:$LIBERTY_VERSION:zip" -DoutputDirectory="$SERVERS_DIR") ;;
  esac
}
echo "fetching $SERVER"
fetch_server
if [[ -n "$CLUSTER" && "$PUBLISHER_SERVER" == payara ]]; then
  echo "fetching payara for node A"
  fetch_server payara
fi

# The Redis of P10: redis-server from the PATH, else the Linux binary shipped in embedded-redis (Maven Central).
EMBEDDED_REDIS=com.github.codemonstur:embedded-redis:$(pom_property embedded.redis.version)
EMBEDDED_REDIS_ENTRY=redis-server-6.2.6-v5-linux-amd64
REDIS_READY_SECONDS=20
redis_binary() {
  if command -v redis-server >/dev/null 2>&1; then
    command -v redis-server
    return
  fi
  local dir="$TARGET_DIR/redis" jar
  local binary="$dir/$EMBEDDED_REDIS_ENTRY"
  if [[ ! -x "$binary" ]]; then
    mkdir -p "$dir"
    (cd "$PROJECT_DIR" && mvn -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="$EMBEDDED_REDIS:jar" \
      -DoutputDirectory="$dir") >&2
    jar=$(ls "$dir"/embedded-redis-*.jar | head -n 1)
    python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
      "$jar" "$EMBEDDED_REDIS_ENTRY" "$binary"
    chmod +x "$binary"
  fi
  echo "$binary"
}

# Starts Redis on a free loopback port in its own process group, without persistence; sets BROKER_PID and REDIS_PORT.
start_redis() {
  local run_dir=$1 binary
  binary=$(redis_binary)
  REDIS_PORT=$(free_port)
  mkdir -p "$run_dir/redis"
  setsid "$binary" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$run_dir/redis" \
    </dev/null >"$run_dir/redis.log" 2>&1 &
  BROKER_PID=$!
  BROKER_LOG="$run_dir/redis.log"
  BROKER_CPU_PID=$BROKER_PID
  local deadline=$((SECONDS + REDIS_READY_SECONDS))
  until python3 - "$REDIS_PORT" <<'PING' 2>/dev/null; do
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
s.sendall(b"PING\r\n")
sys.exit(0 if s.recv(16).startswith(b"+PONG") else 1)
PING
    if ! kill -0 "$BROKER_PID" 2>/dev/null || ((SECONDS >= deadline)); then
      echo "Redis did not answer PING on port $REDIS_PORT within ${REDIS_READY_SECONDS}s; log: $run_dir/redis.log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "Redis ($("$binary" --version | cut -d' ' -f3)) on 127.0.0.1:$REDIS_PORT"
}

# Starts the AMQP broker (--amqp-broker) through the launcher, in its own process group; waits until it wrote its
# ready file (bounded); sets BROKER_PID, AMQP_URI and BROKER_CPU_PID (the process doing the broker's work: the
# launcher's JVM for Qpid, the Erlang VM for RabbitMQ).
AMQP_READY_SECONDS=90
start_amqp() {
  local run_dir=$1 ready="$1/amqp.ready"
  rm -f "$ready"
  mkdir -p "$run_dir/amqp"
  setsid java -Xms128m -Xmx1g -jar "$BROKER_JAR" "$AMQP_BROKER" --ready-file "$ready" --work-dir "$run_dir/amqp" \
    --max-seconds "$((DEADLINE + READY_TIMEOUT_SECONDS + 600))" \
    </dev/null >"$run_dir/amqp.log" 2>&1 &
  BROKER_PID=$!
  BROKER_LOG="$run_dir/amqp.log"
  local deadline=$((SECONDS + AMQP_READY_SECONDS))
  until [[ -s "$ready" ]]; do
    if ! kill -0 "$BROKER_PID" 2>/dev/null || ((SECONDS >= deadline)); then
      echo "the AMQP broker ($AMQP_BROKER) was not ready within ${AMQP_READY_SECONDS}s; log: $run_dir/amqp.log" >&2
      return 1
    fi
    sleep 0.2
  done
  AMQP_URI=$(sed -n 's/^uri=//p' "$ready")
  BROKER_CPU_PID=$(sed -n 's/^cpuPid=//p' "$ready")
  echo "$(sed -n 's/^broker=//p' "$ready") at ${AMQP_URI#*@}"
}

# Starts the broker of the run's backplane (none for JMS: it runs inside the WildFly).
start_broker() {
  BROKER_CPU_PID=0; BROKER_LOG=
  case "$BACKPLANE" in
    redis) start_redis "$1" ;;
    amqp) start_amqp "$1" ;;
    jms) echo "JMS: the WildFly's embedded Artemis (standalone-full.xml)" ;;
  esac
}

# The node's configuration: the one key its backplane needs (none for JMS: the default connection factory).
node_config() {
  case "$BACKPLANE" in
    redis) echo "melody.stream.redis.uri=redis://127.0.0.1:$REDIS_PORT" ;;
    amqp) echo "melody.stream.amqp.uri=$AMQP_URI" ;;
    jms) ;;
  esac
}

# Copies the cluster node's WAR (the benchmark WAR with the backplane's jars in WEB-INF/lib) as one node of the
# cluster, adding its MicroProfile Config that points the backplane at the run's broker (if it needs a key).
cluster_node_war() {
  local into=$1 config
  cp "$NODE_WAR" "$into"
  config=$(node_config)
  [[ -n "$config" ]] || return 0
  python3 - "$into" "$config" <<'ADD'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as war:
    war.writestr("WEB-INF/classes/META-INF/microprofile-config.properties", sys.argv[2] + "\n")
ADD
}

# The contexts of the cluster's two nodes (P10).
NODE_A_CONTEXT=$CONTEXT-a
NODE_B_CONTEXT=$CONTEXT-b

# Starts node A of P10 on Payara Micro in its own process group; sets NODE_PID and NODE_PORT (start_broker first).
start_payara_node() {
  local run_dir=$1 jfr=
  NODE_PORT=$(free_port)
  mkdir -p "$run_dir/tmp"
  [[ -z "$PROFILE" ]] || jfr="-XX:StartFlightRecording=settings=profile,filename=$run_dir/server.jfr,dumponexit=true"
  cluster_node_war "$run_dir/$NODE_A_CONTEXT.war"
  setsid java $SERVER_HEAP $jfr -Djava.io.tmpdir="$run_dir/tmp" \
    -jar "$SERVERS_DIR/payara-micro-$PAYARA_VERSION.jar" --nocluster \
    --prebootcommandfile "$BENCH_DIR/servers/payara-loopback.asadmin" \
    --deploy "$run_dir/$NODE_A_CONTEXT.war" --contextroot "$NODE_A_CONTEXT" \
    --port "$NODE_PORT" --sslport "$(free_port)" --rootdir "$run_dir/root" </dev/null >"$run_dir/server.log" 2>&1 &
  NODE_PID=$!
}

# Starts the server in its own process group with a fresh state directory; sets SERVER_PID and PORT. Further
# arguments (WildFly only) name contexts of cluster nodes to deploy beside the benchmark WAR (start_broker first).
# With the JMS backplane the WildFly runs standalone-full.xml (its IIOP ports moved to free ones).
start_server() {
  local run_dir=$1 jfr=
  shift
  local nodes=("$@")
  PORT=$(free_port)
  [[ -z "$PROFILE" ]] || jfr="-XX:StartFlightRecording=settings=profile,filename=$run_dir/server.jfr,dumponexit=true"
  case "$SERVER" in
    wildfly)
      local home="$SERVERS_DIR/wildfly-$WILDFLY_VERSION" profile=()
      cp -r "$home/standalone" "$run_dir/standalone"
      if [[ ${#nodes[@]} -gt 0 && "$BACKPLANE" == jms ]]; then
        sed -i -e 's/name="iiop" interface="unsecure" port="3528"/name="iiop" interface="unsecure" port="${jboss.iiop.port:3528}"/' \
          -e 's/name="iiop-ssl" interface="unsecure" port="3529"/name="iiop-ssl" interface="unsecure" port="${jboss.iiop.ssl.port:3529}"/' \
          "$run_dir/standalone/configuration/standalone-full.xml"
        profile=(-c standalone-full.xml -Djboss.iiop.port="$(free_port)" -Djboss.iiop.ssl.port="$(free_port)")
      fi
      cp "$WAR" "$run_dir/standalone/deployments/$CONTEXT.war"
      for node in "${nodes[@]}"; do
        cluster_node_war "$run_dir/standalone/deployments/$node.war"
      done
      JAVA_OPTS="$SERVER_HEAP -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true \
        -Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true $jfr" \
      setsid "$home/bin/standalone.sh" "${profile[@]}" -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.server.base.dir="$run_dir/standalone" -Djboss.http.port="$PORT" \
        -Djboss.https.port="$(free_port)" -Djboss.management.http.port="$(free_port)" \
        -Djboss.management.https.port="$(free_port)" </dev/null >"$run_dir/server.log" 2>&1 &
      ;;
    payara)
      mkdir -p "$run_dir/tmp"
      cp "$WAR" "$run_dir/$CONTEXT.war"
      setsid "$SERVER_JAVA" $SERVER_HEAP $jfr -Djava.io.tmpdir="$run_dir/tmp" \
        -jar "$SERVERS_DIR/payara-micro-$PAYARA_VERSION.jar" --nocluster \
        --prebootcommandfile "$BENCH_DIR/servers/payara-loopback.asadmin" \
        --deploy "$run_dir/$CONTEXT.war" --contextroot "$CONTEXT" \
        --port "$PORT" --sslport "$(free_port)" --rootdir "$run_dir/root" </dev/null >"$run_dir/server.log" 2>&1 &
      ;;
    liberty)
      local server_dir="$run_dir/usr/servers/melodybench"
      mkdir -p "$server_dir/apps"
      sed "s/@HTTP_PORT@/$PORT/" "$BENCH_DIR/servers/liberty-server.xml" >"$server_dir/server.xml"
      cp "$WAR" "$server_dir/apps/$CONTEXT.war"
      # Open Liberty fails a second WebSocket send while one is in flight: the baseline keeps one per session
      printf '%s\n' $SERVER_HEAP -Dbench.raw.oneInFlight=true $jfr >"$server_dir/jvm.options"
      WLP_USER_DIR="$run_dir/usr" setsid "$SERVERS_DIR/wlp/bin/server" run melodybench \
        </dev/null >"$run_dir/server.log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
}

# Waits until every given context answers the status probe on the server (SERVER_PID, PORT), or with WAIT_PID and
# WAIT_PORT set, on that one; the first argument is the server log.
wait_until_ready() {
  local log=$1 context pid=${WAIT_PID:-$SERVER_PID} port=${WAIT_PORT:-$PORT}
  shift
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  for context in "$@"; do
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/$context/bench/status" 2>/dev/null; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "the server exited before the benchmark WAR was ready at /$context; log: $log" >&2
        return 1
      fi
      if ((SECONDS >= deadline)); then
        echo "the benchmark WAR was not ready at /$context within ${READY_TIMEOUT_SECONDS}s; log: $log" >&2
        return 1
      fi
      sleep 0.5
    done
  done
}

# Runs the load client against the server; the arguments after the run number go to the client as they are.
run_client() {
  local run=$1 run_dir=$2 client_jfr=
  shift 2
  [[ -z "$PROFILE" ]] || client_jfr="-XX:StartFlightRecording=settings=profile,filename=$run_dir/client.jfr,dumponexit=true"
  java $CLIENT_HEAP $client_jfr -jar "$CLIENT_JAR" --url "http://127.0.0.1:$PORT/$CONTEXT" --server "$SERVER" \
    --run "$run" --plan "$PLAN" --out "$RESULTS" --deadline-seconds "$DEADLINE" "${SIZES[@]}" $CHECK "$@"
}

fail_run() {
  echo "the load client failed (exit $1) on $SERVER run $2; logs: $3" >&2
  exit "$1"
}

RESULTS="$TARGET_DIR/results/$SERVER-$PLAN$TAG.txt"
DEADLINE=$CLIENT_DEADLINE_FULL_SECONDS
[[ "$PLAN" != quick ]] || DEADLINE=$CLIENT_DEADLINE_QUICK_SECONDS
for run in $(seq 1 "$RUNS"); do
  run_dir="$TARGET_DIR/runs/$SERVER-$PLAN$TAG-$run"
  rm -rf "$run_dir" && mkdir -p "$run_dir"
  if [[ -n "$NODE_ONLY" ]]; then
    echo "run $run of $RUNS on $SERVER ($PLAN); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    start_server "$run_dir"
    wait_until_ready "$run_dir/server.log" "$CONTEXT"
    status=0
    run_client "$run" "$run_dir" --only "$NODE_ONLY" || status=$?
    stop_server
    ((status == 0)) || fail_run "$status" "$run" "$run_dir/server.log"
  fi
  if [[ -n "$CLUSTER" ]]; then
    cluster_dir="$run_dir/cluster"
    mkdir -p "$cluster_dir"
    echo "run $run of $RUNS on $SERVER ($PLAN), P10 cluster over $BACKPLANE; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    start_broker "$cluster_dir"
    if [[ "$PUBLISHER_SERVER" == payara ]]; then
      mkdir -p "$cluster_dir/node-a"
      start_payara_node "$cluster_dir/node-a"
      start_server "$cluster_dir" "$NODE_B_CONTEXT"
      wait_until_ready "$cluster_dir/server.log" "$CONTEXT" "$NODE_B_CONTEXT"
      WAIT_PID=$NODE_PID WAIT_PORT=$NODE_PORT wait_until_ready "$cluster_dir/node-a/server.log" "$NODE_A_CONTEXT"
      node_a="http://127.0.0.1:$NODE_PORT/$NODE_A_CONTEXT"
    else
      start_server "$cluster_dir" "$NODE_A_CONTEXT" "$NODE_B_CONTEXT"
      wait_until_ready "$cluster_dir/server.log" "$CONTEXT" "$NODE_A_CONTEXT" "$NODE_B_CONTEXT"
      node_a="http://127.0.0.1:$PORT/$NODE_A_CONTEXT"
    fi
    status=0
    run_client "$run" "$cluster_dir" --only P10 --node-a "$node_a" --node-b "http://127.0.0.1:$PORT/$NODE_B_CONTEXT" \
      --layout "node-a-on-$PUBLISHER_SERVER" --backplane "$BACKPLANE" --broker "$BROKER_NAME" \
      --broker-pid "$BROKER_CPU_PID" || status=$?
    stop_server
    stop_node
    stop_broker
    ((status == 0)) || fail_run "$status" "$run" "$cluster_dir/server.log${BROKER_LOG:+, $BROKER_LOG}"
  fi
done
echo "results: $RESULTS"
