package dev.melody.stream;

/**
 * What a subscriber's bounded queue does when an event arrives and it is full.
 *
 * <p><b>Role.</b> The slow-client rule: whichever policy applies, the broadcaster never waits and other subscribers
 * never notice. Every dropped event is counted on the subscriber and on the hub.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable enum constant.
 */
public enum OverflowPolicy {

    /** The arriving event is dropped and counted; the queue keeps the older events. The default, as in the Go hub. */
    DROP_NEWEST,

    /** The oldest queued event is dropped and counted to make room for the arriving one. */
    DROP_OLDEST,

    /**
     * The subscription is closed with {@link CloseCause#OVERFLOW}; the arriving event is counted as dropped. A
     * WebSocket is then closed with 1008 (policy violation) and a "too slow" reason; an SSE stream is completed.
     */
    DISCONNECT
}
