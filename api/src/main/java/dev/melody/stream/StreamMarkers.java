package dev.melody.stream;

/**
 * The two markers the library writes into a stream to say that it is not complete: the same event types and data on
 * SSE and in the WebSocket JSON envelope.
 *
 * <table>
 * <caption>Markers</caption>
 * <tr><th>marker</th><th>when</th><th>id</th><th>data</th></tr>
 * <tr><td>{@value #RESYNC}</td><td>first, when a client resumes with an id that cannot be replayed exactly (another
 * epoch, unknown, malformed, or older than the topic's log retains)</td><td>none</td>
 * <td>{@value #RESYNC_DATA}</td></tr>
 * <tr><td>{@value #GAP}</td><td>where a subscriber fell behind its topic's log and events were evicted before it
 * read them (policy {@link OverflowPolicy#GAP_MARKER})</td><td>the id of the last event it missed</td>
 * <td>{@code {"missed":N}}, N the number of events missed</td></tr>
 * </table>
 *
 * <p>This class is the one definition of the markers: the hub, the backplanes and both transports take their names
 * and data from here, and the transports write them like any other event (SSE: {@code event:}, {@code id:} and
 * {@code data:} lines; WebSocket {@code JSON_ENVELOPE}: {@code {"id":…,"event":…,"data":…}}). So a client sees the same
 * type, id and data on either transport. Frames of data only ({@link WebSocketFrames#DATA_TEXT},
 * {@link WebSocketFrames#DATA_BINARY}) cannot carry a type: there the resync marker is not sent and a gap closes the
 * connection instead ({@link CloseCause#OVERFLOW}).
 *
 * <p>A client that sees either should reload the current state, then carry on with the events that follow. The
 * gap marker's id lets a client that reconnects resume after the gap rather than before it. A reader that stays
 * slower than the publisher gets one marker per gap, sometimes several in a row. Event types starting with
 * {@code melody.} are the library's; applications should not broadcast them.
 *
 * <p><b>Thread-safety and lifecycle.</b> Constants and pure functions only; not instantiable.
 */
public final class StreamMarkers {

    /** The event type of the resync marker. */
    public static final String RESYNC = "melody.resync";

    /** The data of the resync marker: what the client should do. */
    public static final String RESYNC_DATA = "history lost: reload the current state";

    /** The event type of the gap marker. */
    public static final String GAP = "melody.gap";

    private static final ServerSentEvent RESYNC_MARKER = ServerSentEvent.of(RESYNC, RESYNC_DATA);

    private StreamMarkers() {
    }

    /**
     * Returns the resync marker.
     *
     * @return the marker event, without an id
     */
    public static ServerSentEvent resync() {
        return RESYNC_MARKER;
    }

    /**
     * Returns a gap marker.
     *
     * @param lastMissedId the id of the last event the subscriber missed
     * @param missed how many events it missed, at least 1
     * @return the marker event
     */
    public static ServerSentEvent gap(String lastMissedId, long missed) {
        return ServerSentEvent.of(GAP, gapData(missed)).withId(lastMissedId);
    }

    /**
     * Returns the data of a gap marker, for a backplane that sends a gap notice without an id of this node's.
     *
     * @param missed how many events were missed, at least 1
     * @return {@code {"missed":N}}
     */
    public static String gapData(long missed) {
        return "{\"missed\":" + missed + "}";
    }

    /**
     * Tells whether an event is one of the library's markers (by its type).
     *
     * @param event the event
     * @return {@code true} for a resync or gap marker
     */
    public static boolean isMarker(ServerSentEvent event) {
        return RESYNC.equals(event.event()) || GAP.equals(event.event());
    }
}
