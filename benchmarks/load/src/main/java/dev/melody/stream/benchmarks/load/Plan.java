package dev.melody.stream.benchmarks.load;

import java.util.List;

/**
 * The sizes of one benchmark run: {@link #FULL} for the figures in RESULTS.md, {@link #QUICK} for the smoke run
 * that CI does. Every size is bounded, so a run ends in minutes.
 *
 * @param name the plan's name
 * @param fanOutSubscribers subscriber counts of the WebSocket fan-out (P1)
 * @param fanOutDeliveries deliveries per fan-out measurement; messages = this / subscribers, at most
 *        {@code fanOutMessages}
 * @param fanOutMessages the most messages of one fan-out measurement
 * @param sseSubscribers subscriber counts of the SSE fan-out (P2)
 * @param stalledClients clients of the stalled-client run (P3), a tenth of them stalled
 * @param stalledMessages messages of the stalled-client run
 * @param stalledSize bytes per message of the stalled-client run (messages × size must pass the few MB a socket
 *        buffer absorbs)
 * @param stalledRate messages per second of the stalled-client run
 * @param idleConnections idle connections of the memory run (P4)
 * @param latencySubscribers subscriber counts of the latency run (P5)
 * @param latencySeconds seconds of the latency run, at {@link #LATENCY_RATE} broadcasts per second
 * @param warmUpSubscribers subscribers of the unrecorded warm-up before the measurements
 * @param churnCycles connect/disconnect cycles per transport of the churn run (P8)
 * @param soakSeconds seconds of broadcasts of the reconnect soak (P9)
 * @param soakClients SSE clients of the reconnect soak
 * @param soakMinMillis the shortest a soak client stays connected before it drops
 * @param soakMaxMillis the longest a soak client stays connected before it drops
 */
record Plan(String name, List<Integer> fanOutSubscribers, int fanOutDeliveries, int fanOutMessages,
            List<Integer> sseSubscribers, int stalledClients, int stalledMessages, int stalledSize,
            double stalledRate,
            int idleConnections, List<Integer> latencySubscribers, int latencySeconds, int warmUpSubscribers,
            int churnCycles, int soakSeconds, int soakClients, long soakMinMillis, long soakMaxMillis) {

    static final int MESSAGE_SIZE = 100;
    static final double LATENCY_RATE = 10;
    static final int STALLED_PERCENT = 10;
    static final int BURST_READERS = 20;
    static final int BURST_SIZE = 1024;
    /** Broadcasts per second to the churn topic: each cycle waits for one, and they find dead SSE streams. */
    static final double CHURN_RATE = 10;
    static final int CHURN_SIZE = 40;
    /** Unrecorded cycles before the heap is measured, so that both figures are of a warm server. */
    static final int CHURN_WARM_UP_CYCLES = 1_000;
    /** Broadcasts per second of the soak: 10 minutes of them (12,000) fit in the default history of 16,384. */
    static final double SOAK_RATE = 20;

    static final Plan FULL = new Plan("full", List.of(1_000, 10_000), 500_000, 200, List.of(1_000, 10_000),
            100, 8_000, 1024, 800, 18_000, List.of(1_000, 10_000), 10, 500,
            100_000, 600, 50, 1_000, 10_000);

    /**
     * For a server whose own transport delivers a few thousand messages a second here (Payara Micro): the same
     * measurements, a tenth of the deliveries, P3 at 9,000 deliveries/s offered, P4 at 10,000 connections, P5 at
     * 1,000 subscribers only; churn and soak as in the full plan.
     */
    static final Plan REDUCED = new Plan("reduced", List.of(1_000, 10_000), 100_000, 100, List.of(1_000, 10_000),
            50, 4_000, 2048, 200, 10_000, List.of(1_000), 10, 200,
            100_000, 600, 50, 1_000, 10_000);

    static final Plan QUICK = new Plan("quick", List.of(100), 2_000, 20, List.of(100),
            20, 300, 1024, 300, 200, List.of(200), 3, 50,
            2_000, 20, 50, 500, 3_000);

    /** Returns the number of messages of the burst (P7): 10,000 × 1 KB, a tenth of it at the quick size. */
    int burstMessages() {
        return "quick".equals(name) ? 1_000 : 10_000;
    }

    /** Returns the number of messages of one fan-out measurement for a subscriber count. */
    int fanOutMessages(int subscribers) {
        return Math.max(1, Math.min(fanOutMessages, fanOutDeliveries / subscribers));
    }

    /** Returns this plan with another duration of the reconnect soak (P9). */
    Plan withSoakSeconds(int seconds) {
        return new Plan(name, fanOutSubscribers, fanOutDeliveries, fanOutMessages, sseSubscribers, stalledClients,
                stalledMessages, stalledSize, stalledRate, idleConnections, latencySubscribers, latencySeconds,
                warmUpSubscribers, churnCycles, seconds, soakClients, soakMinMillis, soakMaxMillis);
    }

    /** Returns this plan with another number of churn cycles per transport (P8). */
    Plan withChurnCycles(int cycles) {
        return new Plan(name, fanOutSubscribers, fanOutDeliveries, fanOutMessages, sseSubscribers, stalledClients,
                stalledMessages, stalledSize, stalledRate, idleConnections, latencySubscribers, latencySeconds,
                warmUpSubscribers, cycles, soakSeconds, soakClients, soakMinMillis, soakMaxMillis);
    }

    static Plan named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "quick" -> QUICK;
            case "reduced" -> REDUCED;
            default -> throw new IllegalArgumentException("plan must be full, reduced or quick, was '" + name + "'");
        };
    }
}
