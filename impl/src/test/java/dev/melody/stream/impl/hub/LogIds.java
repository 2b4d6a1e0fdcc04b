package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.melody.stream.spi.EventIdScheme.Position;

/** Reads the hub's {@code <epoch>-<sequence>} ids in tests, through the hub's own scheme. */
final class LogIds {

    private static final EpochEventIds SCHEME = new EpochEventIds();

    private LogIds() {
    }

    static Position position(String id) {
        Position position = SCHEME.parse(id);
        assertNotNull(position, () -> "not a hub-assigned id: " + id);
        return position;
    }

    static long sequence(String id) {
        return position(id).sequence();
    }

    static String epoch(String id) {
        return position(id).epoch();
    }

    /** Returns the id of another sequence of the same epoch as {@code id}. */
    static String sibling(String id, long sequence) {
        return SCHEME.format(new Position(epoch(id), sequence));
    }
}
