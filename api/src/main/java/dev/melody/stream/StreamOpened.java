package dev.melody.stream;

import java.util.Objects;

/**
 * The CDI event fired when a client connection is accepted and subscribed, for presence and audit.
 *
 * <p><b>Threading.</b> Fired synchronously on the thread that accepted the connection, once per connection,
 * before any event is written to it; observers must not block.
 *
 * <p><b>Observers.</b> Each {@code @Observes} observer (unqualified, {@code @Default} or {@code @Any}) is notified
 * on its own, in {@code @Priority} order: one that throws is logged (one WARNING line naming it and the exception)
 * and never reaches the connection or the other observers, which still run. {@code @ObservesAsync} observers are
 * not notified (a WARNING at the first event names them).
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable record created by a transport.
 *
 * @param connection the new connection
 */
public record StreamOpened(StreamConnection connection) {

    /** Creates the event. */
    public StreamOpened {
        Objects.requireNonNull(connection, "connection");
    }
}
