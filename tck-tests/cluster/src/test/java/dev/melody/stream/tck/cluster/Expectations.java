package dev.melody.stream.tck.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the cluster test checks on the events a client received, and the small searches it needs for that. Stateless
 * static functions; not instantiable.
 */
final class Expectations {

    private Expectations() {
    }

    /**
     * Fails unless the client received each of the broadcasts exactly once (markers not counted).
     *
     * @param client the client, for the message
     * @param sent the data of the broadcasts, each one distinct
     * @param received what the client received
     */
    static void assertExactlyOnce(StreamClient client, List<String> sent, List<ReceivedEvent> received) {
        List<String> data = received.stream().filter(e -> !e.isMarker()).map(ReceivedEvent::data).toList();
        assertEquals(Set.copyOf(sent), Set.copyOf(data), client + " received every broadcast: " + received);
        assertEquals(sent.size(), data.size(), client + " received each broadcast once: " + received);
    }

    /**
     * Fails unless every event has an id and no two have the same.
     *
     * @param client the client, for the message
     * @param received what the client received
     */
    static void assertDistinctIds(StreamClient client, List<ReceivedEvent> received) {
        Set<String> ids = new LinkedHashSet<>();
        for (ReceivedEvent event : received) {
            assertNotEquals("", event.id(), client + " received an event without an id: " + received);
            assertTrue(ids.add(event.id()), client + " received the id " + event.id() + " twice: " + received);
        }
    }

    /**
     * Fails if one of the events is a gap or resync marker.
     *
     * @param client the client, for the message
     * @param received what the client received
     */
    static void assertNoMarker(StreamClient client, List<ReceivedEvent> received) {
        assertTrue(received.stream().noneMatch(ReceivedEvent::isMarker), client + " received a marker: " + received);
    }

    /**
     * Tells whether an event with this data is among the events.
     *
     * @param events the events
     * @param data the data
     * @return {@code true} if one has it
     */
    static boolean hasData(List<ReceivedEvent> events, String data) {
        return events.stream().anyMatch(e -> data.equals(e.data()));
    }

    /**
     * Returns the data of the events that pass a filter, in order.
     *
     * @param events the events
     * @param which the filter on the data
     * @return the data that passed
     */
    static List<String> dataIn(List<ReceivedEvent> events, Predicate<String> which) {
        return events.stream().map(ReceivedEvent::data).filter(which).toList();
    }

    /**
     * Returns the position of the first event that passes a filter.
     *
     * @param events the events
     * @param which the filter
     * @return its index, or {@code -1} when none passes
     */
    static int indexOf(List<ReceivedEvent> events, Predicate<ReceivedEvent> which) {
        for (int i = 0; i < events.size(); i++) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
