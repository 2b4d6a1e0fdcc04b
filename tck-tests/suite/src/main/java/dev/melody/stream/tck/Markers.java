package dev.melody.stream.tck;

import dev.melody.stream.tck.SseStreamClient.Event;
import java.util.regex.Pattern;

/**
 * The library's markers as the contract writes them on the wire, spelled out here rather than taken from the
 * library, so the suite checks the bytes clients see. One definition for both transports: the same type, id and data
 * over SSE ({@link #RESYNC_EVENT}, {@link #GAP_DATA}) and in the WebSocket JSON envelope ({@link #RESYNC_FRAME},
 * {@link #GAP_FRAME}), the frames built from the same parts. Constants only; not instantiable.
 */
final class Markers {

    /** The event type of a gap marker; its id is the last missed event's, its data {@code {"missed":N}}. */
    static final String GAP = "melody.gap";

    /** The data of a gap marker, {@code {"missed":N}}; group 1 is N. */
    static final Pattern GAP_DATA = Pattern.compile(Pattern.quote("{\"missed\":") + "([0-9]+)" + Pattern.quote("}"));

    /** The event type of the resync marker, which has no id. */
    static final String RESYNC = "melody.resync";

    /** The data of the resync marker. */
    static final String RESYNC_DATA = "history lost: reload the current state";

    /** The resync marker as an SSE client reads it: its type and data, no id. */
    static final Event RESYNC_EVENT = new Event(RESYNC, RESYNC_DATA, "");

    /** The resync marker as a {@code JSON_ENVELOPE} frame, exactly. */
    static final String RESYNC_FRAME = "{\"id\":null,\"event\":\"" + RESYNC + "\",\"data\":\"" + RESYNC_DATA + "\"}";

    /** A gap marker as a {@code JSON_ENVELOPE} frame, exactly: its data is {@link #GAP_DATA} as a JSON string. */
    static final Pattern GAP_FRAME = Pattern.compile(Pattern.quote("{\"id\":\"") + "[0-9a-f]{12}-[0-9]+"
            + Pattern.quote("\",\"event\":\"" + GAP + "\",\"data\":\"")
            + GAP_DATA.pattern().replace("\"", "\\\"") + Pattern.quote("\"}"));

    private Markers() {
    }
}
