package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.StreamClosed;

/**
 * The words that say why the library ended a connection, the same on both transports: the detail of
 * {@link StreamClosed} and, on WebSocket, the reason of the close frame.
 *
 * <table>
 * <caption>Details by cause</caption>
 * <tr><th>cause</th><th>detail</th></tr>
 * <tr><td>{@link CloseCause#OVERFLOW}</td><td>{@value #TOO_SLOW}</td></tr>
 * <tr><td>{@link CloseCause#WRITE_TIMEOUT}</td><td>{@value #WRITE_TIMEOUT}</td></tr>
 * <tr><td>{@link CloseCause#IDLE_TIMEOUT}</td><td>{@value #IDLE_TIMEOUT}</td></tr>
 * <tr><td>{@link CloseCause#SHUTDOWN}</td><td>{@value #SHUTDOWN}</td></tr>
 * <tr><td>{@link CloseCause#ERROR}</td><td>{@value #WRITE_FAILED}</td></tr>
 * <tr><td>{@link CloseCause#CLIENT_CLOSED}, {@link CloseCause#SERVER_CLOSED}</td><td>empty</td></tr>
 * </table>
 *
 * <p><b>Thread-safety and lifecycle.</b> Constants.
 */
public final class CloseDetails {

    /** The client could not keep up: its queue overflowed, or it reached a gap its transport cannot mark. */
    public static final String TOO_SLOW = "too slow";
    /** A write did not complete within {@code writeTimeout}. */
    public static final String WRITE_TIMEOUT = "write timeout";
    /** A WebSocket ping went unanswered for {@code idleTimeout}. */
    public static final String IDLE_TIMEOUT = "idle timeout";
    /** The hub or the application is stopping. */
    public static final String SHUTDOWN = "server shutting down";
    /** A write failed. */
    public static final String WRITE_FAILED = "write failed";

    private CloseDetails() {
    }

    /**
     * Returns the detail for a cause the library noticed.
     *
     * @param cause the cause
     * @return the detail, possibly empty
     */
    public static String of(CloseCause cause) {
        return switch (cause) {
            case OVERFLOW -> TOO_SLOW;
            case WRITE_TIMEOUT -> WRITE_TIMEOUT;
            case IDLE_TIMEOUT -> IDLE_TIMEOUT;
            case SHUTDOWN -> SHUTDOWN;
            case ERROR -> WRITE_FAILED;
            case CLIENT_CLOSED, SERVER_CLOSED -> "";
        };
    }
}
