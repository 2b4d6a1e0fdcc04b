package dev.melody.stream;

/**
 * A snapshot of a hub's counters.
 *
 * <p><b>Role.</b> Returned by {@link ServerSentEventHub#statistics()} for metrics and health checks.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable. Each counter is read separately, so under concurrent traffic
 * the figures may be a few events apart from each other; each counter on its own only grows.
 *
 * @param topics the number of topics that have subscribers or retained history
 * @param subscribers the number of open subscriptions over all topics
 * @param broadcasts the number of events accepted for broadcast (by {@code broadcast} or {@code deliverLocal})
 * @param delivered the number of events placed into subscriber queues
 * @param dropped the number of events lost: to overflow policies, and broadcasts after shutdown
 * @param backplaneFailures the number of backplane publications that failed
 */
public record HubStatistics(int topics, int subscribers, long broadcasts, long delivered, long dropped,
                            long backplaneFailures) {
}
