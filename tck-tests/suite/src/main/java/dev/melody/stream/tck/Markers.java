package dev.melody.stream.tck;

import java.util.regex.Pattern;

/**
 * The library's markers as the contract writes them on the wire, spelled out here rather than taken from the
 * library, so the suite checks the bytes clients see. Constants only; not instantiable.
 */
final class Markers {

    /** The event type of a gap marker; its id is the last missed event's, its data {@code {"missed":N}}. */
    static final String GAP = "melody.gap";

    /** The event type of the resync marker, which has no id. */
    static final String RESYNC = "melody.resync";

    /** The data of the resync marker. */
    static final String RESYNC_DATA = "history lost: reload the current state";

    /** The resync marker as a {@code JSON_ENVELOPE} frame, exactly. */
    static final String RESYNC_FRAME = "{\"id\":null,\"event\":\"" + RESYNC + "\",\"data\":\"" + RESYNC_DATA + "\"}";

    /** A gap marker as a {@code JSON_ENVELOPE} frame, exactly: its data is the JSON text as a JSON string. */
    static final Pattern GAP_FRAME = Pattern.compile(Pattern.quote("{\"id\":\"") + "[0-9a-f]{12}-[0-9]+"
            + Pattern.quote("\",\"event\":\"" + GAP + "\",\"data\":\"{\\\"missed\\\":") + "[0-9]+"
            + Pattern.quote("}\"}"));

    private Markers() {
    }
}
