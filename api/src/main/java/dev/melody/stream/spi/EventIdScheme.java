package dev.melody.stream.spi;

/**
 * How the hub names the events it assigns ids to: an epoch per topic history and a sequence within it.
 *
 * <p><b>Role.</b> Every event the hub assigns an id to is at a {@link Position} of its topic's history: an epoch,
 * which names that history (one run of the application on one node, or, with a backplane that shares one, the
 * cluster's), and a sequence that increases by one per event within the epoch. The scheme turns positions into the
 * ids clients see and back. A client that resumes with an id the scheme cannot parse, or of another epoch than the
 * topic's current one, is told to resynchronise: it is never replayed events of another history. The default
 * scheme draws a random epoch for every new topic history and writes ids as {@code <epoch>-<sequence>}. A backplane
 * that shares histories across nodes supplies its own, so that every node gives the same event the same id.
 *
 * <p><b>Thread-safety.</b> Called concurrently from broadcasting and subscribing threads: implementations must be
 * thread-safe and must not block.
 *
 * <p><b>Lifecycle.</b> One per hub, fixed when the hub is created.
 */
public interface EventIdScheme {

    /**
     * A position in a topic's history.
     *
     * @param epoch the history's epoch, never {@code null}
     * @param sequence the event's sequence within the epoch, from 1
     */
    record Position(String epoch, long sequence) {
    }

    /**
     * Starts a new history of a topic: its first use, or its first use after it expired or was evicted.
     *
     * @param topic the topic
     * @return the new history's epoch, different from every epoch the topic had before
     */
    String newEpoch(String topic);

    /**
     * Returns the id of the event at a position.
     *
     * @param position the position
     * @return the id, free of CR, LF and NUL
     */
    String format(Position position);

    /**
     * Reads a position back from an id a client presents.
     *
     * @param id the id, possibly malformed or application-supplied
     * @return the position, or {@code null} when the id is not one this scheme formats
     */
    Position parse(String id);
}
