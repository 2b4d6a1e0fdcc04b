package dev.melody.stream;

/**
 * A snapshot of a hub's counters.
 *
 * <p><b>Role.</b> Returned by {@link ServerSentEventHub#statistics()} for metrics and health checks.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable. Each counter is read separately, so under concurrent traffic
 * the figures may be a few events apart from each other; each counter on its own only grows, except the gauges
 * {@code topics}, {@code subscribers} and {@code retainedBytes}.
 *
 * @param topics the number of topics that have subscribers or a retained log
 * @param subscribers the number of open subscriptions over all topics
 * @param broadcasts the number of events accepted for broadcast (by {@code broadcast} or {@code deliverLocal})
 * @param delivered the number of subscriber deliveries: for each broadcast, the subscribers it reached
 * @param dropped the number of events subscribers missed because they fell behind their topic's log, plus
 *        broadcasts after shutdown (a direct send to a full queue is refused to its caller instead)
 * @param gaps the number of gaps subscribers fell into (each marked, under {@link OverflowPolicy#GAP_MARKER})
 * @param expiredTopics the number of topic logs dropped after {@link StreamOptions#historyTtl()} without use
 * @param evictedTopics the number of idle topic logs dropped early to keep within
 *        {@link StreamOptions#maxRetainedBytes()}
 * @param retainedBytes the estimated bytes of events all topic logs hold now
 * @param backplaneFailures the number of backplane publications that failed
 */
public record HubStatistics(int topics, int subscribers, long broadcasts, long delivered, long dropped, long gaps,
                            long expiredTopics, long evictedTopics, long retainedBytes, long backplaneFailures) {
}
