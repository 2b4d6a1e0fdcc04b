package dev.melody.stream;

import java.util.List;
import java.util.Objects;

/**
 * The answer to "every retained event of a topic after event id X".
 *
 * <p><b>Role.</b> Returned by {@link ServerSentEventHub#replay(String, String)}. When {@link #complete()} is
 * {@code true}, {@link #events()} holds exactly the events broadcast after X that the topic's log still retains,
 * oldest first, with none missing. When it is {@code false}, what followed X cannot be replayed exactly (X is of
 * another epoch, unknown, malformed, older than the log, or history is disabled) and the caller may have missed
 * events: it should resynchronise.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable snapshot taken under the topic's lock, so it is consistent
 * with concurrent broadcasts at one instant; created per query and owned by the caller.
 *
 * @param events the events after the given id, oldest first; empty when none or when not complete
 * @param complete {@code true} when everything after the given id is retained
 */
public record Replay(List<ServerSentEvent> events, boolean complete) {

    /** Creates a replay result, copying the event list. */
    public Replay {
        events = List.copyOf(Objects.requireNonNull(events, "events"));
    }
}
