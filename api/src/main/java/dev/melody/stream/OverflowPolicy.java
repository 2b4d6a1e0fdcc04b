package dev.melody.stream;

/**
 * What happens to a subscriber that falls behind its topic's log, that is, whose next event has already been
 * evicted from the log (by {@link StreamOptions#historySize()}, {@link StreamOptions#historyBytes()} or the hub-wide
 * {@link StreamOptions#maxRetainedBytes()}).
 *
 * <p><b>Role.</b> The slow-client rule: whichever policy applies, the broadcaster never waits and other subscribers
 * never notice. Every skipped event is counted on the subscriber ({@link Subscription#dropped()}) and on the hub
 * ({@link HubStatistics#dropped()}). The same policy applies to a connection's own queue of direct sends
 * ({@link StreamConnection#send(ServerSentEvent)}, bounded by {@link StreamOptions#subscriberBuffer()}).
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable enum constant.
 */
public enum OverflowPolicy {

    /**
     * The default: the subscriber receives one gap marker ({@link StreamMarkers#GAP}, carrying the id of the last
     * event it missed and how many it missed) where the gap is, then continues from the oldest retained event. No
     * hole is ever silent. A direct send to a full queue is dropped and counted.
     */
    GAP_MARKER,

    /**
     * Go Melody's at-most-once delivery, as an explicit opt-in: the subscriber silently continues from the oldest
     * retained event; the skipped events are only counted. A direct send to a full queue replaces the oldest one.
     */
    DROP_OLDEST,

    /**
     * Before the topic log, the default: the arriving event was dropped. A shared log cannot keep a subscriber's
     * older events while newer ones arrive, so this now behaves exactly as {@link #DROP_OLDEST} (a silent, counted
     * skip), except that a direct send to a full queue is the one dropped.
     *
     * @deprecated use {@link #GAP_MARKER} to learn of gaps, or {@link #DROP_OLDEST} for silent at-most-once delivery
     */
    @Deprecated
    DROP_NEWEST,

    /**
     * The subscription is closed with {@link CloseCause#OVERFLOW}, and the skipped events are counted. A WebSocket
     * is then closed with 1008 (policy violation) and a "too slow" reason; an SSE stream is completed.
     */
    DISCONNECT;

    /**
     * Tells whether a subscriber under this policy is told of a gap with a marker.
     *
     * @return {@code true} for {@link #GAP_MARKER} only
     */
    public boolean marksGaps() {
        return this == GAP_MARKER;
    }
}
