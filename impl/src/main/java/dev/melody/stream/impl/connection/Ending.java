package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.StreamClosed;

/**
 * How a connection ended: what {@link StreamClosed} reports, and what the client is told.
 *
 * <p><b>Role.</b> The argument of the one way out, {@link Connection#end(Ending)}; the first ending recorded wins.
 * {@code farewell} is the transport's own goodbye when it is not the default for the cause (a WebSocket close frame
 * with a code of its own, such as 1009), {@code null} for the default, or {@link #ALREADY_TOLD} when the container
 * reported the close and nothing more is sent.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable.
 *
 * @param cause the cause {@link StreamClosed} reports
 * @param detail the detail {@link StreamClosed} carries
 * @param failure the failure behind it, or {@code null}
 * @param farewell the transport's goodbye, {@code null} for the cause's default, or {@link #ALREADY_TOLD}
 */
public record Ending(CloseCause cause, String detail, Throwable failure, Object farewell) {

    /** The farewell of a close the container reported: the client is told nothing more. */
    public static final Object ALREADY_TOLD = new Object() {
        @Override
        public String toString() {
            return "already told";
        }
    };

    /**
     * Returns an ending with the cause's default goodbye and detail ({@link CloseDetails#of}).
     *
     * @param cause the cause
     * @return the ending
     */
    public static Ending of(CloseCause cause) {
        return new Ending(cause, CloseDetails.of(cause), null, null);
    }

    /**
     * Tells whether the client is to be told goodbye.
     *
     * @return {@code false} when the container reported the close
     */
    public boolean tellsClient() {
        return farewell != ALREADY_TOLD;
    }
}
