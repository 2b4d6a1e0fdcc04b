package dev.melody.stream.benchmarks.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The measurements of issue 6, each run for a target and its baseline side by side in the same server run:
 * P1 WebSocket fan-out, P2 SSE fan-out, P3 fan-out with 10 % stalled clients, P4 memory per idle connection and
 * P5 latency at a fixed broadcast rate; and, from issue 10, P7 a burst published as fast as the application can to
 * a few readers, with and without one stalled client; and, from issue 14, P12 deep streams (a burst to a few readers that
 * the library's log holds whole) and P13 the library's fan-out beside Atmosphere's. (P6 is the JMH suite in
 * {@code benchmarks/hub}; issue 11's P8 churn and P9 soak are in {@link ChurnScenarios}.)
 *
 * <p>Runs on the client's main thread, one measurement at a time; each opens its own cohort on a topic of its
 * own, and closes it before the next starts.
 */
final class Scenarios {

    static final long OPEN_TIMEOUT_MILLIS = 120_000;
    static final long SUBSCRIBE_TIMEOUT_MILLIS = 60_000;
    static final long QUIET_MILLIS = 5_000;
    static final long DELIVERY_TIMEOUT_MILLIS = 180_000;
    static final long SETTLE_TIMEOUT_MILLIS = 60_000;
    static final long SSE_SETTLE_TIMEOUT_MILLIS = 10_000;
    static final int SSE_SWEEPS = 2;
    static final double NANOS_PER_SECOND = 1e9;
    private static final double BYTES_PER_KB = 1024.0;
    static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final Setup setup;
    private final Consumer<Result> out;

    /**
     * What every measurement needs.
     *
     * @param server the server's address
     * @param contextPath the WAR's context path
     * @param control the control API client
     * @param loops the client's I/O loops
     * @param labels the server name and run number, put on every result
     */
    record Setup(InetSocketAddress server, String contextPath, ServerControl control, List<IoLoop> loops,
                 Result labels) {
    }

    Scenarios(Setup setup, Consumer<Result> out) {
        this.setup = setup;
        this.out = out;
    }

    /** Returns what every measurement needs. */
    Setup setup() {
        return setup;
    }

    /** Hands one result to the output. */
    void report(Result result) {
        out.accept(result);
    }

    /** Unrecorded: one small fan-out per target given, so that every side starts with compiled code. */
    void warmUp(Plan plan, List<Target> targets) throws Exception {
        for (Target target : targets) {
            fanOut("warmup", target, new Cohort.Sizes(plan.warmUpSubscribers(), 0), 50, 0, Plan.MESSAGE_SIZE, false);
        }
    }

    /** P1 and P2: fan-out of a burst to one topic; targets in the order given. */
    void fanOut(String scenario, List<Target> order, int subscribers, int messages) throws Exception {
        for (Target target : order) {
            out.accept(fanOut(scenario, target, new Cohort.Sizes(subscribers, 0), messages, 0, Plan.MESSAGE_SIZE,
                    false));
        }
    }

    /** P3: a paced fan-out of 1 KB messages without, then with, a tenth of the clients stalled; heap before/after. */
    void stalled(List<Target> order, Plan plan) throws Exception {
        int stalled = plan.stalledClients() * Plan.STALLED_PERCENT / 100;
        int healthy = plan.stalledClients() - stalled;
        for (Target target : order) {
            out.accept(fanOut("P3", target, new Cohort.Sizes(healthy, 0), plan.stalledMessages(),
                    plan.stalledRate(), plan.stalledSize(), true).put("variant", "control"));
            out.accept(fanOut("P3", target, new Cohort.Sizes(healthy, stalled), plan.stalledMessages(),
                    plan.stalledRate(), plan.stalledSize(), true).put("variant", "stalled"));
        }
    }

    /**
     * P7: a burst of 1 KB messages published as fast as the application can to {@value Plan#BURST_READERS} readers,
     * on both transports; then, for the library only, the same with one stalled client beside them (a raw baseline
     * has nothing to bound it, and some servers' own SSE broadcasters block every client on it). Heap before and
     * after each.
     */
    void burst(List<Target> ws, List<Target> sse, Plan plan) throws Exception {
        for (List<Target> order : List.of(ws, sse)) {
            for (Target target : order) {
                out.accept(fanOut("P7", target, new Cohort.Sizes(Plan.BURST_READERS, 0), plan.burstMessages(), 0,
                        Plan.BURST_SIZE, true).put("variant", "control"));
                if (target.label().startsWith("hub")) {
                    out.accept(fanOut("P7", target, new Cohort.Sizes(Plan.BURST_READERS, 1), plan.burstMessages(),
                            0, Plan.BURST_SIZE, true).put("variant", "stalled"));
                }
            }
        }
    }

    /**
     * P12 (issue 14), deep streams: few clients and many messages each. {@value Plan#BURST_READERS} readers take
     * a burst of {@link Plan#burstMessages()} messages of 1 KB published as fast as the application loops, the
     * library against its baseline on both transports (WebSocket: the raw loop; SSE: the bare
     * {@code SseBroadcaster}). Nothing may be lost: the library runs with its defaults, whose topic log
     * ({@code historySize} 16,384 events, {@code historyBytes} 16 MiB) holds the whole burst, so a reader that falls
     * behind is never overtaken and the figure is delivery alone; {@code subscriberBuffer} bounds only direct sends
     * and does not apply. Unlike P7 there is no stalled client and no heap probe, so nothing but the delivery runs
     * between the publish request and the last arrival.
     */
    void deep(List<Target> ws, List<Target> sse, Plan plan) throws Exception {
        for (List<Target> order : List.of(ws, sse)) {
            for (Target target : order) {
                out.accept(fanOut("P12", target, new Cohort.Sizes(Plan.BURST_READERS, 0), plan.burstMessages(),
                        0, Plan.BURST_SIZE, false));
            }
        }
    }

    /**
     * P13 (issue 14), the library beside Atmosphere 4 in one server process (the Atmosphere WAR): a fan-out of a
     * burst of 100 B messages to the plan's first fan-out size (1,000 subscribers × 200 in the full plan) on each
     * transport, the library's target and Atmosphere's in the order given.
     */
    void peer(List<Target> ws, List<Target> sse, Plan plan) throws Exception {
        int subscribers = plan.fanOutSubscribers().get(0);
        fanOut("P13", ws, subscribers, plan.fanOutMessages(subscribers));
        fanOut("P13", sse, subscribers, plan.fanOutMessages(subscribers));
    }

    /** P5: a steady rate of broadcasts to many subscribers; latency percentiles. */
    void latency(List<Target> order, Plan plan) throws Exception {
        int messages = (int) (Plan.LATENCY_RATE * plan.latencySeconds());
        for (int subscribers : plan.latencySubscribers()) {
            for (Target target : order) {
                out.accept(fanOut("P5", target, new Cohort.Sizes(subscribers, 0), messages, Plan.LATENCY_RATE,
                        Plan.MESSAGE_SIZE, false));
            }
        }
    }

    /** P4: heap and RSS with idle connections open, per connection, against the heap with none. */
    void idle(List<Target> order, Plan plan) throws Exception {
        for (Target target : order) {
            String topic = topic("P4", target);
            ServerControl.Memory before = setup.control().memory();
            Cohort cohort = new Cohort(target, setup.loops());
            int open = cohort.open(setup.server(), setup.contextPath(), topic,
                    new Cohort.Sizes(plan.idleConnections(), 0), OPEN_TIMEOUT_MILLIS);
            long counted = setup.control().awaitSubscribers(target, topic, open, SUBSCRIBE_TIMEOUT_MILLIS);
            ServerControl.Memory after = setup.control().memory();
            Result result = labelled("P4", target).put("connections", open).put("serverCounted", counted)
                    .put("failures", cohort.failures())
                    .put("heapBeforeMB", before.heapBytes() / BYTES_PER_MB)
                    .put("heapAfterMB", after.heapBytes() / BYTES_PER_MB)
                    .put("rssAfterMB", after.rssBytes() / BYTES_PER_MB)
                    .put("heapPerConnKB", perConnection(after.heapBytes() - before.heapBytes(), open))
                    .put("rssPerConnKB", perConnection(after.rssBytes() - before.rssBytes(), open));
            note(result, cohort);
            out.accept(result);
            cohort.close();
            settle(target, topic);
        }
    }

    /**
     * Waits until the server has let go of a closed cohort's sessions, so that their clean-up (and their file
     * descriptors) does not run into the next measurement. Servers notice a closed SSE client only at their next
     * write (the hub's heartbeat; the bare broadcaster never), so SSE topics get a few more writes first, and a
     * shorter wait, since some servers never report the closed sinks to the broadcaster.
     */
    void settle(Target target, String topic) throws Exception {
        if (target.sse()) {
            for (int i = 0; i < SSE_SWEEPS; i++) {
                setup.control().publish(target, topic, 1, 0, 1, Duration.ofMillis(DELIVERY_TIMEOUT_MILLIS));
            }
            setup.control().awaitAtMost(target, topic, 0, SSE_SETTLE_TIMEOUT_MILLIS);
        } else {
            setup.control().awaitAtMost(target, topic, 0, SETTLE_TIMEOUT_MILLIS);
        }
    }

    private static double perConnection(long bytes, int connections) {
        return connections == 0 ? 0 : bytes / BYTES_PER_KB / connections;
    }

    private Result fanOut(String scenario, Target target, Cohort.Sizes sizes, int messages, double rate, int size,
                          boolean measureHeap) throws Exception {
        String topic = topic(scenario, target);
        ServerControl control = setup.control();
        ServerControl.Memory before = measureHeap ? control.memory() : null;
        Cohort cohort = new Cohort(target, setup.loops());
        int total = sizes.healthy() + sizes.stalled();
        int open = cohort.open(setup.server(), setup.contextPath(), topic, sizes, OPEN_TIMEOUT_MILLIS);
        long counted = control.awaitSubscribers(target, topic, open, SUBSCRIBE_TIMEOUT_MILLIS);
        long expected = (long) sizes.healthy() * messages;
        long start = System.nanoTime();
        Duration publishTimeout = Duration.ofMillis(DELIVERY_TIMEOUT_MILLIS
                + (rate > 0 ? (long) (messages * 1000 / rate) : 0));
        long published = messages;
        String publishFailure = null;
        try {
            published = control.publish(target, topic, messages, rate, size, publishTimeout);
        } catch (java.io.IOException e) {
            if (target.label().startsWith("hub")) {
                throw e;                                     // the library's own failure ends the run
            }
            publishFailure = e.getMessage().lines().findFirst().orElse("");   // a baseline's: record it, go on
        }
        long publishedNanos = System.nanoTime() - start;
        awaitDeliveries(cohort, expected, start);
        long end = Math.max(cohort.lastDeliveryNanos(), start + 1);
        Cohort.Tally tally = cohort.tally(published);
        Result result = labelled(scenario, target).put("subscribers", sizes.healthy()).put("stalled", sizes.stalled())
                .put("open", open).put("serverCounted", counted).put("messages", published).put("size", size)
                .put("rate", rate).put("expected", expected).put("delivered", tally.received())
                .put("lost", tally.lost()).put("dup", tally.duplicated())
                .put("outOfOrder", tally.outOfOrder())
                .put("seconds", (end - start) / NANOS_PER_SECOND)
                .put("publishSeconds", publishedNanos / NANOS_PER_SECOND)
                .put("perSecond", tally.received() / ((end - start) / NANOS_PER_SECOND))
                .put("stillOpen", tally.open()).latency(tally.latency());
        if (measureHeap) {
            ServerControl.Memory after = control.memory();
            result.put("heapBeforeMB", before.heapBytes() / BYTES_PER_MB)
                    .put("heapAfterMB", after.heapBytes() / BYTES_PER_MB)
                    .put("rssBeforeMB", before.rssBytes() / BYTES_PER_MB)
                    .put("rssAfterMB", after.rssBytes() / BYTES_PER_MB);
        }
        note(result, cohort);
        if (publishFailure != null) {
            result.put("publishFailure", publishFailure.replace(' ', '_'));
        }
        if (total != open) {
            result.put("openFailures", total - open);
        }
        cohort.close();
        settle(target, topic);
        return result;
    }

    /** Waits until every expected message arrived, or nothing arrived for a while, or the bound passed. */
    static void awaitDeliveries(Cohort cohort, long expected, long start) throws InterruptedException {
        long deadline = start + DELIVERY_TIMEOUT_MILLIS * 1_000_000L;
        long lastCount = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long count = cohort.deliveredSoFar();
            if (count >= expected) {
                return;
            }
            if (count != lastCount) {
                lastCount = count;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > QUIET_MILLIS * 1_000_000L) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private static void note(Result result, Cohort cohort) {
        if (cohort.failures() > 0) {
            result.put("connectFailures", cohort.failures()).put("firstFailure", cohort.firstFailure());
        }
        if (cohort.unparsableCount() > 0) {
            result.put("unparsable", cohort.unparsableCount());
        }
    }

    Result labelled(String scenario, Target target) {
        Result result = new Result();
        setup.labels().fields().forEach(result::put);
        return result.put("scenario", scenario).put("transport", target.sse() ? "sse" : "ws")
                .put("target", target.label()).put("load1", loadAverage());
    }

    /** The machine's 1-minute load average when the measurement ended (others share the machine). */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    String topic(String scenario, Target target) {
        return scenario + "-" + target.label() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
