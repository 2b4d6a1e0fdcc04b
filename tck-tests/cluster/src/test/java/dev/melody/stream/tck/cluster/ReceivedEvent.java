package dev.melody.stream.tck.cluster;

/**
 * One event as a client received it, on either transport: SSE fields after parsing, or a WebSocket JSON envelope.
 * Immutable.
 *
 * @param type the event type, {@code message} when the event had none
 * @param id the event id, {@code ""} when it had none
 * @param data the data
 */
record ReceivedEvent(String type, String id, String data) {

    /** The type of an event without one, as {@code EventSource} reports it. */
    static final String DEFAULT_TYPE = "message";

    /** The event type of the library's gap marker (spelled out here, as clients see it on the wire). */
    static final String GAP = "melody.gap";

    /** The event type of the library's resync marker. */
    static final String RESYNC = "melody.resync";

    /**
     * Tells whether this is one of the library's markers rather than an application event.
     *
     * @return {@code true} for a gap or resync marker
     */
    boolean isMarker() {
        return GAP.equals(type) || RESYNC.equals(type);
    }

    @Override
    public String toString() {
        return (DEFAULT_TYPE.equals(type) ? "" : type + " ") + id + " " + data;
    }
}
