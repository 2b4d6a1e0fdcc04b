package dev.melody.stream.tck.cluster;

import dev.melody.stream.redis.testing.RedisProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A cluster under test: its servers, each running a test WAR with the system properties the cluster gives it, and
 * the broker they share when the test runs it. {@link #start()} makes the Redis cluster: one Redis, then the three
 * servers at once, and returns once every server serves the WAR and a broadcast on each node reaches a client of every
 * other node (every backplane subscribed). {@link #startServed} starts any other set of nodes the same way and returns
 * once they serve the WAR; {@link #awaitLinked()} then waits for their backplanes.
 *
 * <p><b>Thread-safety.</b> {@link #close()} is synchronized and may run on a shutdown hook; the rest is used by the
 * test thread.
 *
 * <p><b>Lifecycle.</b> One per test class; {@link #close()} stops every server and then the broker, bounded, and is
 * idempotent. A start that fails half-way stops what it started (the broker it was given included) before it throws.
 */
final class Cluster implements AutoCloseable {

    /** How long one try of "broadcast and see whether every other node hears it" waits before broadcasting again. */
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

    private final List<ClusterNode> nodes;
    private final Thread stopHook = new Thread(this::close, "cluster-stop");
    private AutoCloseable broker; // guarded by this; null when the servers bring their own

    private Cluster(List<ClusterNode> nodes, AutoCloseable broker) {
        this.nodes = List.copyOf(nodes);
        this.broker = broker;
    }

    /**
     * Starts the Redis cluster from the paths Maven passes as system properties ({@code cluster.war},
     * {@code cluster.work.dir}, {@code cluster.wildfly.home}, {@code cluster.payara.jar}, {@code cluster.liberty.home}).
     *
     * @return the linked cluster
     * @throws Exception when Redis or a server does not start, or the nodes do not link, within the bounds
     */
    static Cluster start() throws Exception {
        Path war = Path.of(requiredProperty("cluster.war"));
        Path work = workDir();
        List<ClusterNode> nodes = List.of(
                new WildFlyNode(Path.of(requiredProperty("cluster.wildfly.home")), work),
                new PayaraMicroNode(Path.of(requiredProperty("cluster.payara.jar")), work),
                new OpenLibertyNode(Path.of(requiredProperty("cluster.liberty.home")), work));
        RedisProcess redis = RedisProcess.start();
        Cluster cluster = startServed(nodes, war, Map.of(ClusterNode.REDIS_URI_PROPERTY, redis.uri()), redis);
        try {
            long since = System.nanoTime();
            cluster.awaitLinked();
            System.out.printf("cluster linked over %s %d ms after the servers served the WAR%n", redis.uri(),
                    millisSince(since));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Starts nodes at once, each with the WAR and the same system properties, and waits until every one serves the
     * WAR, within {@link Bounds#STARTUP} of their start.
     *
     * @param nodes the nodes, in the order they are launched
     * @param war the WAR every node runs
     * @param properties the system properties of every node's JVM
     * @param broker the broker the nodes share, already running, closed with the cluster; {@code null} for none
     * @return the cluster, its servers serving the WAR
     * @throws Exception when a server does not start within the bound (then everything is stopped, the broker too)
     */
    static Cluster startServed(List<ClusterNode> nodes, Path war, Map<String, String> properties,
            AutoCloseable broker) throws Exception {
        Cluster cluster = new Cluster(nodes, broker);
        Runtime.getRuntime().addShutdownHook(cluster.stopHook);   // should the test JVM end before close()
        try {
            long since = System.nanoTime();
            for (ClusterNode node : cluster.nodes) {
                node.start(war, properties);
            }
            cluster.awaitServed(since);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Returns the folder the servers write to, from the system property {@code cluster.work.dir}.
     *
     * @return the folder
     */
    static Path workDir() {
        return Path.of(requiredProperty("cluster.work.dir"));
    }

    /**
     * Returns the nodes, in the order they were given (the Redis cluster's: WildFly, Payara Micro, Open Liberty).
     *
     * @return the nodes
     */
    List<ClusterNode> nodes() {
        return nodes;
    }

    /**
     * Returns the Redis every node of the Redis cluster uses, for faults and for a raw client.
     *
     * @return the running Redis
     * @throws IllegalStateException when this cluster does not run on a Redis
     */
    synchronized RedisProcess redis() {
        if (broker instanceof RedisProcess redis) {
            return redis;
        }
        throw new IllegalStateException("this cluster runs on " + broker + ", not on a Redis");
    }

    /**
     * Broadcasts on a node, again every {@link #RETRY_PERIOD}, until every listener received one of the broadcasts.
     *
     * @param node where to broadcast
     * @param topic the topic
     * @param prefix the data of each broadcast is this prefix and the attempt's number
     * @param listeners the clients that must hear it
     * @param bound how long to try at most
     * @throws InterruptedException when interrupted
     * @throws AssertionError naming the clients that heard nothing within the bound
     */
    static void broadcastUntilHeard(ClusterNode node, String topic, String prefix, List<StreamClient> listeners,
            Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Predicate<List<ReceivedEvent>> heard = events -> events.stream().anyMatch(e -> e.data().startsWith(prefix));
        for (int attempt = 0; ; attempt++) {
            node.broadcast(topic, prefix + attempt);
            boolean everyone = true;
            for (StreamClient listener : listeners) {
                everyone &= listener.within(heard, RETRY_PERIOD);
            }
            if (everyone) {
                return;
            }
            if (System.nanoTime() > deadline) {
                List<String> deaf = listeners.stream().filter(l -> !heard.test(l.events()))
                        .map(StreamClient::name).toList();
                throw new AssertionError(deaf + " did not hear any broadcast of " + node + " on " + topic
                        + " within " + bound);
            }
        }
    }

    /** Waits until the servers serve the WAR, all at once, within {@link Bounds#STARTUP} of their start. */
    private void awaitServed(long since) throws Exception {
        long deadline = since + Bounds.STARTUP.toNanos();
        List<CompletableFuture<String>> served = new ArrayList<>();
        for (ClusterNode node : nodes) {
            served.add(CompletableFuture.supplyAsync(() -> {
                try {
                    node.awaitServed(deadline);
                    return node + " served the WAR after " + millisSince(since) + " ms";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + node, e);
                }
            }));
        }
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<String> future : served) {
            try {
                System.out.println(future.get(Bounds.STARTUP.plus(Bounds.WAIT).toMillis(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                failures.add(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(String.join("\n\n", failures));
        }
    }

    /**
     * Waits until a broadcast on each node reaches an SSE client of every other node, each within
     * {@link Bounds#RECOVERY}.
     *
     * @throws Exception when a client cannot connect, or the nodes do not link within the bound
     */
    void awaitLinked() throws Exception {
        String topic = "warm-up";
        List<StreamClient> listeners = new ArrayList<>();
        try {
            for (ClusterNode node : nodes) {
                listeners.add(SseClient.connect("sse@" + node, node.sseUri(topic), null));
            }
            for (int i = 0; i < nodes.size(); i++) {
                ClusterNode node = nodes.get(i);
                List<StreamClient> others = new ArrayList<>(listeners);
                others.remove(i);
                broadcastUntilHeard(node, topic, "warm-up-" + node.name() + "-", others, Bounds.RECOVERY);
            }
        } finally {
            listeners.forEach(StreamClient::close);
        }
    }

    /** Stops every server (at once, each bounded) and then the broker; idempotent. */
    @Override
    public synchronized void close() {
        List<CompletableFuture<Void>> stopping = nodes.stream()
                .map(node -> CompletableFuture.runAsync(node::stop)).toList();
        for (CompletableFuture<Void> stop : stopping) {
            try {
                stop.get(Bounds.STOP.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                System.err.println("a server did not stop cleanly: " + e);
            }
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("the broker did not stop cleanly: " + e);
            }
            broker = null;
        }
        if (Thread.currentThread() != stopHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook runs close() once more, which finds nothing to stop
            }
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    /**
     * Returns a system property Maven passes to the test.
     *
     * @param name the property
     * @return its value
     * @throws IllegalStateException when it is not set (the test was not run through Maven)
     */
    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through Maven"
                    + " (mvn verify -pl tck-tests/cluster -am)");
        }
        return value;
    }
}
