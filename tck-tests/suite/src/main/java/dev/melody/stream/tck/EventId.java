package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub-assigned event id, {@code <epoch>-<sequence>}: the epoch is 12 lowercase hex characters, drawn anew for every
 * history of a topic (after every application start, and after the topic expired); the sequence counts the topic's
 * events from 1. Clients treat ids as opaque; only the suite looks inside, to check the promise.
 *
 * @param epoch the topic history's epoch
 * @param sequence the event's number in that history
 */
record EventId(String epoch, long sequence) {

    private static final Pattern FORMAT = Pattern.compile("([0-9a-f]{12})-([1-9][0-9]*)");

    /**
     * Parses a hub-assigned id, failing the test if it does not have the promised form.
     *
     * @param id the id as received
     * @return its parts
     */
    static EventId parse(String id) {
        Matcher matcher = FORMAT.matcher(String.valueOf(id));
        assertTrue(matcher.matches(), () -> "not a hub-assigned id <12 hex>-<sequence>: " + id);
        return new EventId(matcher.group(1), Long.parseLong(matcher.group(2)));
    }

    /**
     * Returns the id of the event {@code offset} places after this one in the same history.
     *
     * @param offset how many places later (negative for earlier)
     * @return the id as the hub writes it
     */
    String plus(long offset) {
        return epoch + "-" + (sequence + offset);
    }
}
