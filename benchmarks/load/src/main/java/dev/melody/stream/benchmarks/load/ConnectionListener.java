package dev.melody.stream.benchmarks.load;

/**
 * What a {@link ClientConnection} reports: opened, failed, closed, each message with its sequence number, and the
 * library's markers. A {@link Cohort} listens to all its connections; a churn cycle or a soak client listens to
 * its own.
 *
 * <p><b>Thread-safety.</b> Every call comes on the connection's {@link IoLoop} thread; a listener shared by
 * connections of several loops must be safe for that.
 */
interface ConnectionListener {

    /** The stream is open and usable (WebSocket: the upgrade answered; SSE: its first body bytes arrived). */
    void opened(ClientConnection connection);

    /** The connection failed before or while opening, or a protocol error ended it; {@link #closed} follows. */
    void failed(ClientConnection connection, String why);

    /**
     * The connection is closed, once, whoever closed it.
     *
     * @param wasOpen whether it had opened
     */
    void closed(ClientConnection connection, boolean wasOpen);

    /**
     * One message arrived.
     *
     * @param loop the index of the loop it arrived on
     * @param seq its sequence number
     * @param latencyMicros from when the server built it to when its bytes were read
     */
    void delivered(int loop, long seq, long latencyMicros);

    /** A message whose data did not start with the two numbers. */
    void unparsable();

    /**
     * A library marker arrived ({@code melody.gap} or {@code melody.resync}); by default counted as unparsable,
     * since its data carries no sequence number.
     *
     * @param type the event type
     */
    default void marker(String type) {
        unparsable();
    }
}
