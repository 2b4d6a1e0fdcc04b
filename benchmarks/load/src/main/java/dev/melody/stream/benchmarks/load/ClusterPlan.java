package dev.melody.stream.benchmarks.load;

/**
 * The sizes of the cluster benchmark (P10): two nodes sharing one Redis, publish on one, subscribers on the other,
 * each figure measured beside the same measurement on a single node without a backplane.
 *
 * @param name the plan's name, as {@link Plan#name()}
 * @param fanOutSubscribers WebSocket (and SSE) subscribers of the fan-out
 * @param fanOutMessages messages of the fan-out burst, published as fast as the broadcast returns
 * @param latencySubscribers subscribers of the latency measurement at {@link #LATENCY_RATE} broadcasts per second
 * @param latencySeconds seconds of broadcasts of each latency measurement
 * @param wideSubscribers subscribers of the latency measurement at {@link #WIDE_RATE} broadcasts per second
 * @param rateMessages events of the publish-rate measurement, published as fast as the broadcast returns to one
 *        subscriber per node
 * @param warmUpSubscribers subscribers of the unrecorded warm-up of each node
 */
record ClusterPlan(String name, int fanOutSubscribers, int fanOutMessages, int latencySubscribers,
                   int latencySeconds, int wideSubscribers, int rateMessages, int warmUpSubscribers) {

    /** Broadcasts per second of the latency measurement with few subscribers (issue 12 asks for 1,000/s). */
    static final double LATENCY_RATE = 1_000;
    /** Broadcasts per second of the latency measurement with many subscribers (as P5). */
    static final double WIDE_RATE = 10;
    static final int MESSAGE_SIZE = Plan.MESSAGE_SIZE;
    static final int WARM_UP_MESSAGES = 200;

    /**
     * 1,000 subscribers × 500 messages (500,000 deliveries); 10 subscribers at 1,000 broadcasts/s for 10 s (10,000
     * deliveries/s offered; 1,000 subscribers at that rate would offer a million a second, several times what one
     * server delivers on this machine); 1,000 subscribers at 10/s for 10 s; 50,000 events for the publish rate.
     */
    static final ClusterPlan FULL = new ClusterPlan("full", 1_000, 500, 10, 10, 1_000, 50_000, 200);

    /** As {@link #FULL} with a fifth of the fan-out and of the publish-rate events. */
    static final ClusterPlan REDUCED = new ClusterPlan("reduced", 1_000, 100, 10, 10, 1_000, 10_000, 200);

    /** The smoke size: a few seconds per measurement. */
    static final ClusterPlan QUICK = new ClusterPlan("quick", 100, 20, 10, 2, 100, 2_000, 20);

    static ClusterPlan named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "quick" -> QUICK;
            case "reduced" -> REDUCED;
            default -> throw new IllegalArgumentException("plan must be full, reduced or quick, was '" + name + "'");
        };
    }

    /** Returns this plan with another number of events for the publish-rate measurement. */
    ClusterPlan withRateMessages(int messages) {
        return new ClusterPlan(name, fanOutSubscribers, fanOutMessages, latencySubscribers, latencySeconds,
                wideSubscribers, messages, warmUpSubscribers);
    }

    /** Returns the number of broadcasts of the latency measurement at {@link #LATENCY_RATE}. */
    int latencyMessages() {
        return (int) (LATENCY_RATE * latencySeconds);
    }

    /** Returns the number of broadcasts of the latency measurement at {@link #WIDE_RATE}. */
    int wideMessages() {
        return (int) (WIDE_RATE * latencySeconds);
    }
}
