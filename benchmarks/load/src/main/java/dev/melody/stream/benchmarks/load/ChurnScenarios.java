package dev.melody.stream.benchmarks.load;

import java.util.List;
import java.util.Map;

/**
 * The long-running measurements of issue 11, beside {@link Scenarios}: P8 (connect/disconnect churn per transport)
 * and P9 (the SSE reconnect soak).
 *
 * <p><b>Thread-safety and lifecycle.</b> Used by the client's main thread only, once per run, with the run's
 * {@link Scenarios}, whose setup, labels and output it shares.
 */
final class ChurnScenarios {

    static final long CHURN_TIMEOUT_MILLIS = 1_500_000;
    static final long CHURN_SETTLE_TIMEOUT_MILLIS = 90_000;
    static final long SOAK_QUIET_MILLIS = 15_000;
    static final long SOAK_COMPLETE_TIMEOUT_MILLIS = 90_000;

    private final Scenarios scenarios;

    ChurnScenarios(Scenarios scenarios) {
        this.scenarios = scenarios;
    }

    /**
     * P8: {@link Plan#churnCycles()} connect/disconnect cycles per transport against the library, each on a fresh
     * topic that a background publisher broadcasts to meanwhile ({@link Churn}); subscribers of the topic and of
     * the whole hub, and heap after GC, before the cycles (after {@value Plan#CHURN_WARM_UP_CYCLES} unrecorded
     * ones, a quarter of the cycles at most) and after them once the topic's subscriber count is back to 0 (bounded wait; the publisher keeps
     * running, so that the server's next write finds the SSE streams whose clients went away).
     */
    void churn(Plan plan, int run) throws Exception {
        for (Target target : List.of(Target.HUB, Target.HUB_SSE)) {
            String topic = scenarios.topic("P8", target);
            ServerControl control = scenarios.setup().control();
            BackgroundPublisher publisher = new BackgroundPublisher(control.another(), target, topic,
                    Plan.CHURN_RATE, Plan.CHURN_SIZE);
            int chunk = (int) Plan.CHURN_RATE;
            publisher.start(Long.MAX_VALUE, chunk);
            long seed = run * 31L + target.ordinal();
            Churn.Outcome warm = new Churn(target, scenarios.setup().loops(), scenarios.setup().server(), scenarios.setup().contextPath(), topic)
                    .run(Math.min(Plan.CHURN_WARM_UP_CYCLES, plan.churnCycles() / 4), seed, CHURN_TIMEOUT_MILLIS);
            control.awaitAtMost(target, topic, 0, CHURN_SETTLE_TIMEOUT_MILLIS);
            Map<String, String> statusBefore = control.status(topic);
            ServerControl.Memory before = control.memory();
            Churn.Outcome outcome = new Churn(target, scenarios.setup().loops(), scenarios.setup().server(), scenarios.setup().contextPath(), topic)
                    .run(plan.churnCycles(), seed + 1, CHURN_TIMEOUT_MILLIS);
            long atEnd = Long.parseLong(control.status(topic).get(target.statusKey()));
            long settleStart = System.nanoTime();
            long after = control.awaitAtMost(target, topic, 0, CHURN_SETTLE_TIMEOUT_MILLIS);
            double settleSeconds = (System.nanoTime() - settleStart) / Scenarios.NANOS_PER_SECOND;
            publisher.stop(chunk);
            Map<String, String> statusAfter = control.status(topic);
            ServerControl.Memory memoryAfter = control.memory();
            Result result = scenarios.labelled("P8", target).put("cycles", outcome.cycles())
                    .put("completed", outcome.completed()).put("failures", outcome.failures())
                    .put("cleanCloses", outcome.clean()).put("resets", outcome.dropped())
                    .put("seconds", outcome.nanos() / Scenarios.NANOS_PER_SECOND)
                    .put("cyclesPerSecond", outcome.cycles() / (outcome.nanos() / Scenarios.NANOS_PER_SECOND))
                    .put("openMs", outcome.openMillis()).put("firstEventMs", outcome.eventMillis())
                    .put("cleanCloseMs", outcome.cleanCloseMillis())
                    .put("closeUnanswered", outcome.closeUnanswered()).put("notUpgraded", outcome.notUpgraded())
                    .put("warmUpFailures", warm.failures())
                    .put("subscribersBefore", statusBefore.get(target.statusKey()))
                    .put("subscribersAtEnd", atEnd).put("subscribersAfter", after)
                    .put("settleSeconds", settleSeconds)
                    .put("hubSubscribersBefore", statusBefore.get("hubSubscribers"))
                    .put("hubSubscribersAfter", statusAfter.get("hubSubscribers"))
                    .put("heapBeforeMB", before.heapBytes() / Scenarios.BYTES_PER_MB)
                    .put("heapAfterMB", memoryAfter.heapBytes() / Scenarios.BYTES_PER_MB)
                    .put("rssBeforeMB", before.rssBytes() / Scenarios.BYTES_PER_MB)
                    .put("rssAfterMB", memoryAfter.rssBytes() / Scenarios.BYTES_PER_MB)
                    .put("published", publisher.published());
            if (outcome.firstFailure() != null) {
                result.put("firstFailure", outcome.firstFailure());
            }
            if (warm.firstFailure() != null) {
                result.put("warmUpFirstFailure", warm.firstFailure());
            }
            if (publisher.failure() != null) {
                result.put("publishFailure", publisher.failure());
            }
            scenarios.report(result);
        }
    }

    /**
     * P9: {@link Plan#soakClients()} SSE clients of the library on one topic, dropping at random and resuming with
     * {@code Last-Event-ID} ({@link Soak}), while {@link Plan#SOAK_RATE} events a second are broadcast for
     * {@link Plan#soakSeconds()}; lost, duplicated and out-of-order numbers and markers over every client.
     */
    void soak(Plan plan, int run) throws Exception {
        Target target = Target.HUB_SSE;
        String topic = scenarios.topic("P9", target);
        ServerControl control = scenarios.setup().control();
        Soak soak = new Soak(scenarios.setup().loops(), scenarios.setup().server(), scenarios.setup().contextPath(), topic, run * 131L);
        int open = soak.open(plan.soakClients(), Scenarios.OPEN_TIMEOUT_MILLIS);
        long counted = control.awaitSubscribers(target, topic, open, Scenarios.SUBSCRIBE_TIMEOUT_MILLIS);
        long total = (long) (Plan.SOAK_RATE * plan.soakSeconds());
        BackgroundPublisher publisher = new BackgroundPublisher(control.another(), target, topic, Plan.SOAK_RATE,
                Plan.MESSAGE_SIZE);
        long start = System.nanoTime();
        publisher.start(total, (int) total);
        long publishMillis = plan.soakSeconds() * 1_000L + BackgroundPublisher.MARGIN_MILLIS;
        soak.drive(publisher, plan.soakMinMillis(), plan.soakMaxMillis(), publishMillis);
        publisher.awaitDone(BackgroundPublisher.MARGIN_MILLIS);
        double seconds = (System.nanoTime() - start) / Scenarios.NANOS_PER_SECOND;
        long published = publisher.published();
        soak.awaitComplete(published, SOAK_QUIET_MILLIS, SOAK_COMPLETE_TIMEOUT_MILLIS);
        Soak.Tally tally = soak.tally(published);
        Map<String, String> stats = control.status(topic);
        Result result = scenarios.labelled("P9", target).put("clients", soak.clients()).put("open", open)
                .put("serverCounted", counted).put("rate", Plan.SOAK_RATE).put("seconds", seconds)
                .put("messages", published).put("expected", published * soak.clients())
                .put("delivered", tally.distinct()).put("lost", tally.lost()).put("dup", tally.duplicated())
                .put("outOfOrder", tally.outOfOrder()).put("markers", tally.markers())
                .put("reconnects", tally.reconnects()).put("serverCloses", tally.serverCloses())
                .put("failures", tally.failures()).put("stillOpen", tally.open())
                .put("hubGaps", stats.get("hubGaps"));
        if (tally.firstFailure() != null) {
            result.put("firstFailure", tally.firstFailure());
        }
        if (tally.unparsable() > 0) {
            result.put("unparsable", tally.unparsable());
        }
        if (publisher.failure() != null) {
            result.put("publishFailure", publisher.failure());
        }
        soak.close();
        scenarios.settle(target, topic);
        result.put("subscribersAfter", control.status(topic).get(target.statusKey()));
        scenarios.report(result);
    }
}
