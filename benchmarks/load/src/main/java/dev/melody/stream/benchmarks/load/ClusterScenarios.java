package dev.melody.stream.benchmarks.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * P10, the cluster (issue 12's benchmark "P7", over Redis; issue 13's, over each backplane): node A publishes, node
 * B's subscribers receive through the backplane (Redis, AMQP or Jakarta Messaging), and every figure is measured
 * beside the same measurement on a single node without a backplane (publisher and subscribers on one node), in the
 * same server run:
 * Except {@code latency-cold}, every measurement publishes to a topic in use: {@value #TOPIC_WARM_UP_EVENTS}
 * unrecorded events reach the receiving node before its subscribers join.
 * <ul>
 *   <li>{@code fanout}: a burst to {@link ClusterPlan#fanOutSubscribers()} subscribers, WebSocket and SSE,
 *       deliveries/s;</li>
 *   <li>{@code latency}: {@value ClusterPlan#LATENCY_RATE} broadcasts/s to {@link ClusterPlan#latencySubscribers()}
 *       subscribers, and {@code wide}: {@value ClusterPlan#WIDE_RATE}/s to {@link ClusterPlan#wideSubscribers()};
 *       latency percentiles from the publishing node's clock to the client's (one machine, one clock); and
 *       {@code latency-cold}: the first, at 1,000/s, on a topic that no node has seen before;</li>
 *   <li>{@code rate}: {@link ClusterPlan#rateMessages()} events published as fast as the broadcast returns, timed to
 *       their arrival at one subscriber on each node: what one node gets sequenced and published through Redis per
 *       second (the publishing node, too, delivers its own broadcasts only once Redis has ordered them), and the time
 *       until the publishing node's hub counted them all ({@code settledPerSecond}: sequenced by Redis and delivered
 *       there, whether or not its one subscriber kept up), and until the receiving node's hub counted them all
 *       ({@code receiverSettledPerSecond}: through the broker to the other node, whether or not its subscriber kept
 *       up; with a relaying backplane, which delivers on the publishing node first, this is the publish rate). The
 *       single
 *       node's figure for it is how fast its {@code broadcast} returns ({@code broadcastsPerSecond}); its one
 *       WebSocket subscriber takes less than the burst, since a client of data-only frames that falls behind its
 *       topic's log by more than {@code historySize} is closed.</li>
 * </ul>
 * Result lines carry {@code scenario=P10}, {@code kind} and {@code variant=solo|cluster}.
 *
 * <p>Runs on the client's main thread, one measurement at a time, each on a topic of its own (the publish rate adds
 * one short-lived thread that waits for the receiving node's count); the order of the two variants alternates between
 * runs.
 */
final class ClusterScenarios {

    static final String SCENARIO = "P10";
    static final String SOLO = "solo";
    static final String CLUSTER = "cluster";
    static final String RATE = "rate";
    static final String REDIS = "redis";
    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * One node of the benchmark: a deployment of the benchmark WAR.
     *
     * @param name the node's name in result lines
     * @param address the address of the server it is deployed on
     * @param contextPath its context path, such as {@code /melody-bench-b}
     * @param control its control API
     */
    record Node(String name, InetSocketAddress address, String contextPath, ServerControl control) {
    }

    /**
     * What the measurements need.
     *
     * @param solo the node without a backplane
     * @param publisher node A, with the backplane
     * @param receiver node B, with the backplane
     * @param loops the client's I/O loops
     * @param labels the server name and run number, put on every result
     * @param backplane the backplane the nodes use ({@code redis}, {@code amqp}, {@code jms}), put on every result
     * @param broker the broker behind it (such as {@code redis}, {@code qpid}, {@code rabbitmq}, {@code artemis}),
     *        put on every result
     * @param brokerPid the process id of the cluster's broker, whose CPU time each measurement records; 0 for none
     *        (a broker inside the server, as the JMS backplane's)
     */
    record Setup(Node solo, Node publisher, Node receiver, List<IoLoop> loops, Result labels, String backplane,
                 String broker, long brokerPid) {
    }

    /** Where a measurement publishes and where its subscribers are. */
    private record Route(String variant, Node publisher, Node receiver) {
    }

    private final Setup setup;
    private final Consumer<Result> out;

    ClusterScenarios(Setup setup, Consumer<Result> out) {
        this.setup = setup;
        this.out = out;
    }

    /** The kinds of measurement, in the order they run. */
    static final List<String> KINDS = List.of("fanout", "latency", "latency-cold", "wide", RATE);
    /** Events published to a topic before its subscribers join, so that every node already follows it. */
    static final int TOPIC_WARM_UP_EVENTS = 100;
    static final long TOPIC_WARM_UP_TIMEOUT_MILLIS = 30_000;
    /**
     * How long the receiving node's hub may take to count every event of the publish rate: a second caller asks it,
     * before the publication starts, to answer when it did (and when that was, on the machine's clock).
     */
    static final long RECEIVER_AWAIT_MILLIS = 120_000;

    /**
     * Runs the P10 measurements of the plan (after an unrecorded warm-up of both variants); {@code run} decides
     * which variant goes first.
     *
     * @param kinds the kinds to run, a subset of {@link #KINDS}
     */
    void run(ClusterPlan plan, int run, Set<String> kinds) throws Exception {
        Route solo = new Route(SOLO, setup.solo(), setup.solo());
        Route cluster = new Route(CLUSTER, setup.publisher(), setup.receiver());
        List<Route> order = run % 2 == 1 ? List.of(solo, cluster) : List.of(cluster, solo);
        for (Route route : order) {
            for (Target target : List.of(Target.HUB, Target.HUB_SSE)) {
                measure(new Shape("warmup", target, plan.warmUpSubscribers(), ClusterPlan.WARM_UP_MESSAGES, 0,
                        true), route, null);
            }
        }
        List<Shape> shapes = new java.util.ArrayList<>();
        for (Target target : List.of(Target.HUB, Target.HUB_SSE)) {
            shapes.add(new Shape("fanout", target, plan.fanOutSubscribers(), plan.fanOutMessages(), 0, false));
        }
        shapes.add(new Shape("latency", Target.HUB, plan.latencySubscribers(), plan.latencyMessages(),
                ClusterPlan.LATENCY_RATE, false));
        shapes.add(new Shape("latency-cold", Target.HUB, plan.latencySubscribers(), plan.latencyMessages(),
                ClusterPlan.LATENCY_RATE, true));
        shapes.add(new Shape("wide", Target.HUB, plan.wideSubscribers(), plan.wideMessages(), ClusterPlan.WIDE_RATE,
                false));
        shapes.add(new Shape(RATE, Target.HUB, 1, plan.rateMessages(), 0, false));
        for (Shape shape : shapes) {
            if (!kinds.contains(shape.kind())) {
                continue;
            }
            for (Route route : order) {
                Node echo = RATE.equals(shape.kind()) && route.publisher() != route.receiver() ? route.publisher()
                        : null;
                out.accept(measure(shape, route, echo));
            }
        }
    }

    /**
     * What one measurement does.
     *
     * @param kind its name in result lines
     * @param target the transport's target
     * @param subscribers the subscribers on the receiving node
     * @param messages the events to publish
     * @param rate broadcasts per second, 0 for as fast as {@code broadcast} returns
     * @param coldTopic {@code true} to publish to a topic no node has seen yet; {@code false} to publish
     *        {@value #TOPIC_WARM_UP_EVENTS} unrecorded events to it first, before the subscribers join (a topic in
     *        use, which the receiving node already follows)
     */
    private record Shape(String kind, Target target, int subscribers, int messages, double rate,
                         boolean coldTopic) {
    }

    /**
     * When the publication started, how long the publish request took, what it published, how long the server's
     * loop of {@code broadcast} calls took, how long the publishing node took until its hub had them all (-1: not
     * asked, or not within the bound), how long until the receiving node's hub had them all (-1: not asked, or not
     * within the bound), and the broker's CPU meanwhile (-1: no broker process).
     */
    private record Timing(long start, long publishNanos, long published, long loopNanos, long settledNanos,
                          long receiverNanos, long brokerMillis) {
        double secondsTo(long nanos) {
            return (Math.max(nanos, start + 1) - start) / NANOS_PER_SECOND;
        }
    }

    /**
     * One measurement: opens the subscribers on the route's receiving node (and one on {@code echo}, the publishing
     * node, when given), publishes on the route's publishing node, waits for the deliveries, and tallies them.
     */
    private Result measure(Shape shape, Route route, Node echo) throws Exception {
        String topic = SCENARIO + "-" + shape.kind() + "-" + shape.target().label() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        if (!shape.coldTopic()) {
            warmUpTopic(route, shape.target(), topic);
        }
        Cohort cohort = open(route.receiver(), shape.target(), topic, shape.subscribers());
        Cohort echoCohort = echo == null ? null : open(echo, shape.target(), topic, 1);
        long counted = route.receiver().control().awaitSubscribers(shape.target(), topic, shape.subscribers(),
                Scenarios.SUBSCRIBE_TIMEOUT_MILLIS);
        if (echo != null) {
            echo.control().awaitSubscribers(shape.target(), topic, 1, Scenarios.SUBSCRIBE_TIMEOUT_MILLIS);
        }
        Timing timing = publishAndWait(shape, route, topic, cohort, echoCohort);
        Result result = describe(shape, route, cohort, counted, timing);
        if (echoCohort != null) {
            Cohort.Tally own = echoCohort.tally(timing.published());
            double ownSeconds = timing.secondsTo(echoCohort.lastDeliveryNanos());
            result.put("publisherNodeDelivered", own.received()).put("publisherNodeLost", own.lost())
                    .put("publisherNodeSeconds", ownSeconds)
                    .put("publisherNodeEventsPerSecond", own.received() / ownSeconds);
            echoCohort.close();
        }
        notes(result, route, topic, cohort, timing);
        cohort.close();
        settle(route.receiver(), shape.target(), topic);
        return result;
    }

    /**
     * Publishes {@value #TOPIC_WARM_UP_EVENTS} events to a topic that has no subscribers yet, and waits until the
     * receiving node's hub counted them (its broadcast count, which a backplane's deliveries raise too).
     */
    private void warmUpTopic(Route route, Target target, String topic) throws Exception {
        ServerControl receiver = route.receiver().control();
        long before = Long.parseLong(receiver.status(topic).get("hubBroadcasts"));
        route.publisher().control().publish(target, topic, TOPIC_WARM_UP_EVENTS, 0, ClusterPlan.MESSAGE_SIZE,
                Duration.ofMillis(TOPIC_WARM_UP_TIMEOUT_MILLIS));
        long deadline = System.currentTimeMillis() + TOPIC_WARM_UP_TIMEOUT_MILLIS;
        while (Long.parseLong(receiver.status(topic).get("hubBroadcasts")) < before + TOPIC_WARM_UP_EVENTS
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(ServerControl.POLL_MILLIS);
        }
    }

    private Timing publishAndWait(Shape shape, Route route, String topic, Cohort cohort, Cohort echoCohort)
            throws Exception {
        long brokerBefore = brokerCpuMillis();
        boolean settle = RATE.equals(shape.kind());
        boolean acrossNodes = settle && route.publisher() != route.receiver();
        FutureTask<Long> receiverDone = null;
        if (acrossNodes) {
            long receiverTarget = Long.parseLong(route.receiver().control().status(topic).get("hubBroadcasts"))
                    + shape.messages();
            ServerControl watcher = route.receiver().control().another();
            receiverDone = new FutureTask<>(() -> watcher.awaitBroadcasts(receiverTarget, RECEIVER_AWAIT_MILLIS));
            Thread thread = new Thread(receiverDone, "p10-receiver-count");
            thread.setDaemon(true);
            thread.start();
        }
        long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long start = System.nanoTime();
        Duration publishTimeout = Duration.ofMillis(Scenarios.DELIVERY_TIMEOUT_MILLIS
                + (shape.rate() > 0 ? (long) (shape.messages() * 1000 / shape.rate()) : 0));
        var answer = route.publisher().control().publish(shape.target(), topic, shape.messages(), shape.rate(),
                ClusterPlan.MESSAGE_SIZE, settle, publishTimeout);
        long publishNanos = System.nanoTime() - start;
        long published = Long.parseLong(answer.get("published"));
        long settledNanos = settle ? Long.parseLong(answer.getOrDefault("settledNanos", "-1")) : -1;
        long loopNanos = Long.parseLong(answer.get("nanos"));
        long receiverNanos = -1;
        if (receiverDone != null) {
            long reachedMicros = receiverDone.get(RECEIVER_AWAIT_MILLIS + ServerControl.CALL_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            receiverNanos = reachedMicros < 0 ? -1 : Math.max(1, reachedMicros - startMicros) * 1_000;
        }
        Scenarios.awaitDeliveries(cohort, (long) shape.subscribers() * shape.messages(), start);
        if (echoCohort != null) {
            Scenarios.awaitDeliveries(echoCohort, shape.messages(), start);
        }
        long brokerMillis = brokerBefore < 0 ? -1 : brokerCpuMillis() - brokerBefore;
        return new Timing(start, publishNanos, published, loopNanos, settledNanos, receiverNanos, brokerMillis);
    }

    private Result describe(Shape shape, Route route, Cohort cohort, long counted, Timing timing) throws Exception {
        Cohort.Tally tally = cohort.tally(timing.published());
        double seconds = timing.secondsTo(cohort.lastDeliveryNanos());
        double publishSeconds = timing.publishNanos() / NANOS_PER_SECOND;
        return labelled(shape.kind(), route, shape.target()).put("subscribers", shape.subscribers())
                .put("open", cohort.openCount()).put("serverCounted", counted).put("messages", timing.published())
                .put("size", ClusterPlan.MESSAGE_SIZE).put("rate", shape.rate())
                .put("expected", (long) shape.subscribers() * shape.messages())
                .put("delivered", tally.received()).put("lost", tally.lost()).put("dup", tally.duplicated())
                .put("outOfOrder", tally.outOfOrder()).put("seconds", seconds).put("publishSeconds", publishSeconds)
                .put("broadcastsPerSecond", timing.published() / (Math.max(1, timing.loopNanos()) / NANOS_PER_SECOND))
                .put("perSecond", tally.received() / seconds)
                .put("eventsPerSecond", tally.received() / (double) Math.max(1, shape.subscribers()) / seconds)
                .put("stillOpen", tally.open()).latency(tally.latency());
    }

    /**
     * Adds the publishing and the receiving node's hub counts (rate only), the broker's CPU time (as {@code redisCpu…}
     * for Redis, whose earlier results carry that name, else {@code brokerCpu…}), the publishing node's failed
     * publications, and the cohort's failures.
     */
    private void notes(Result result, Route route, String topic, Cohort cohort, Timing timing) throws Exception {
        if (timing.settledNanos() > 0) {
            double settled = timing.settledNanos() / NANOS_PER_SECOND;
            result.put("settledSeconds", settled).put("settledPerSecond", timing.published() / settled);
        }
        if (timing.receiverNanos() > 0) {
            double settled = timing.receiverNanos() / NANOS_PER_SECOND;
            result.put("receiverSettledSeconds", settled)
                    .put("receiverSettledPerSecond", timing.published() / settled);
        }
        if (timing.brokerMillis() >= 0) {
            String prefix = REDIS.equals(setup.backplane()) ? "redis" : "broker";
            result.put(prefix + "CpuMs", timing.brokerMillis()).put(prefix + "CpuMicrosPerEvent",
                    timing.brokerMillis() * 1000.0 / Math.max(1, timing.published()));
        }
        result.put("backplaneFailures", route.publisher().control().status(topic).get("hubBackplaneFailures"));
        if (cohort.failures() > 0) {
            result.put("connectFailures", cohort.failures()).put("firstFailure", cohort.firstFailure());
        }
        if (cohort.unparsableCount() > 0) {
            result.put("unparsable", cohort.unparsableCount());
        }
    }

    private long brokerCpuMillis() {
        return setup.brokerPid() > 0 ? ServerControl.cpuMillis(setup.brokerPid()) : -1;
    }

    private Cohort open(Node node, Target target, String topic, int subscribers) throws InterruptedException {
        Cohort cohort = new Cohort(target, setup.loops());
        cohort.open(node.address(), node.contextPath(), topic, new Cohort.Sizes(subscribers, 0),
                Scenarios.OPEN_TIMEOUT_MILLIS);
        return cohort;
    }

    /** Waits until the node let go of a closed cohort (SSE: after a few writes, which find the closed streams). */
    private void settle(Node node, Target target, String topic) throws Exception {
        if (target.sse()) {
            for (int i = 0; i < Scenarios.SSE_SWEEPS; i++) {
                node.control().publish(target, topic, 1, 0, 1, Duration.ofMillis(Scenarios.DELIVERY_TIMEOUT_MILLIS));
            }
            node.control().awaitAtMost(target, topic, 0, Scenarios.SSE_SETTLE_TIMEOUT_MILLIS);
        } else {
            node.control().awaitAtMost(target, topic, 0, Scenarios.SETTLE_TIMEOUT_MILLIS);
        }
    }

    private Result labelled(String kind, Route route, Target target) {
        Result result = new Result();
        setup.labels().fields().forEach(result::put);
        return result.put("scenario", SCENARIO).put("backplane", setup.backplane()).put("broker", setup.broker())
                .put("kind", kind).put("variant", route.variant())
                .put("transport", target.sse() ? "sse" : "ws").put("target", target.label())
                .put("publisherNode", route.publisher().name()).put("receiverNode", route.receiver().name())
                .put("load1", Scenarios.loadAverage());
    }
}
