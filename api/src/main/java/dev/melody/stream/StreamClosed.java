package dev.melody.stream;

import java.util.Objects;

/**
 * The CDI event fired once when a client connection that was {@linkplain StreamOpened opened} ends.
 *
 * <p><b>Threading.</b> Fired synchronously on the thread that noticed the end (a read, write, timer or shutdown
 * thread), exactly once per opened connection; observers must not block.
 *
 * <p><b>Observers.</b> Each {@code @Observes} observer (unqualified, {@code @Default} or {@code @Any}) is notified
 * on its own, in {@code @Priority} order: one that throws is logged (one WARNING line naming it and the exception)
 * and never reaches the connection or the other observers, which still run. {@code @ObservesAsync} observers are
 * not notified (a WARNING at the first event names them).
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable record created by a transport.
 *
 * @param connection the connection that ended
 * @param cause why it ended
 * @param detail a short human-readable detail (a close reason or error message), possibly empty
 */
public record StreamClosed(StreamConnection connection, CloseCause cause, String detail) {

    /** Creates the event. */
    public StreamClosed {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(cause, "cause");
        detail = detail == null ? "" : detail;
    }
}
