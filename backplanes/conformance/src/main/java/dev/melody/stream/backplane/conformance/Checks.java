package dev.melody.stream.backplane.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Assertions on what a subscriber read: each publisher's order, and how many events of an outage a subscriber got or
 * was told it missed.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions; not instantiable.
 */
final class Checks {

    private Checks() {
    }

    /**
     * Asserts that the reader got every event of every publisher exactly once, in the publisher's order, and nothing
     * else; events are named {@code <publisher>-<index>}.
     */
    static void publisherOrder(Reader reader, List<String> publishers, int perPublisher) {
        List<String> data = reader.data();
        assertEquals(perPublisher * publishers.size(), data.size(), "exactly once each: " + reader.describe());
        for (String publisher : publishers) {
            List<Integer> seen = new ArrayList<>();
            for (String item : data) {
                if (item.startsWith(publisher + "-")) {
                    seen.add(Integer.parseInt(item.substring(publisher.length() + 1)));
                }
            }
            for (int i = 0; i < perPublisher; i++) {
                if (i >= seen.size() || seen.get(i) != i) {
                    fail(publisher + "'s events out of order or missing at " + i + ": " + seen.subList(
                            Math.max(0, i - 3), Math.min(seen.size(), i + 4)) + " (" + seen.size() + " seen)");
                }
            }
        }
    }

    /**
     * Counts the events whose data starts with {@code prefix} that a reader got, plus those gap markers said it
     * missed.
     */
    static long receivedOrMarkedMissing(List<ServerSentEvent> read, String prefix) {
        long received = read.stream().filter(e -> !StreamMarkers.isMarker(e) && e.data().startsWith(prefix)).count();
        long missed = read.stream().filter(e -> StreamMarkers.GAP.equals(e.event())).mapToLong(Checks::missed).sum();
        return received + missed;
    }

    /** The count of a gap marker, {@code {"missed":N}}, which must be positive. */
    static long missed(ServerSentEvent gap) {
        try (JsonReader reader = Json.createReader(new StringReader(gap.data()))) {
            long missed = reader.readObject().getJsonNumber("missed").longValueExact();
            assertTrue(missed > 0, "a gap marker counts what was missed: " + gap);
            return missed;
        }
    }
}
