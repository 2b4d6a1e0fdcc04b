package dev.melody.stream;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The CDI event fired for each inbound WebSocket frame: {@code void on(@Observes InboundMessage message)}.
 *
 * <p><b>Role.</b> Carries one complete text or binary message and the connection it came from, so the observer
 * can reply with {@link StreamConnection#send(ServerSentEvent)} or close it.
 *
 * <p><b>Threading.</b> Fired with {@code Event.fire} on the connection's read thread, in the order the frames
 * arrived, never concurrently for one connection; then, if no synchronous observer threw, with {@code Event.fireAsync}
 * to {@code @ObservesAsync} observers, on the container's asynchronous-event threads (in no guaranteed order relative
 * to the next frames). Synchronous observers must not block: a slow observer stalls that connection's reads.
 *
 * <p><b>An observer that throws.</b> Unlike {@link StreamOpened} and {@link StreamClosed}, whose observers are
 * notified one by one, a frame is fired as one CDI event, so CDI's rule applies: a synchronous observer that throws
 * ends the notification of that frame, so the synchronous observers after it (in {@code @Priority} order) and every
 * asynchronous observer miss it. The exception never reaches the hub or another connection: that connection is
 * closed with 1011 ({@code inbound observer failed}, {@code StreamClosed} cause {@link CloseCause#SERVER_CLOSED}), its
 * later frames are not fired, and one short WARNING line says why (at most one such line every 10 seconds, since a
 * client can provoke one per message). An asynchronous observer that throws closes the connection the same way; the
 * other asynchronous observers of that frame are still notified.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; the binary payload is handed out as a read-only buffer.
 * Created per frame by the WebSocket transport.
 *
 * @param connection the connection the frame arrived on
 * @param text the text payload, or {@code null} for a binary frame
 * @param binary the binary payload (read-only), or {@code null} for a text frame
 */
public record InboundMessage(StreamConnection connection, String text, ByteBuffer binary) {

    /** Creates an inbound message; exactly one of {@code text} and {@code binary} is non-null. */
    public InboundMessage {
        Objects.requireNonNull(connection, "connection");
        if ((text == null) == (binary == null)) {
            throw new IllegalArgumentException("InboundMessage needs exactly one of text and binary");
        }
        binary = binary == null ? null : binary.asReadOnlyBuffer();
    }

    /**
     * Creates a text message.
     *
     * @param connection the connection the frame arrived on
     * @param text the text payload
     * @return the message
     */
    public static InboundMessage ofText(StreamConnection connection, String text) {
        return new InboundMessage(connection, Objects.requireNonNull(text, "text"), null);
    }

    /**
     * Creates a binary message, copying the bytes.
     *
     * @param connection the connection the frame arrived on
     * @param bytes the binary payload
     * @return the message
     */
    public static InboundMessage ofBinary(StreamConnection connection, byte[] bytes) {
        return new InboundMessage(connection, null, ByteBuffer.wrap(bytes.clone()));
    }

    /**
     * Tells whether the frame was a text frame.
     *
     * @return {@code true} for text, {@code false} for binary
     */
    public boolean isText() {
        return text != null;
    }

    /**
     * Returns the binary payload as an independent read-only view, or {@code null} for a text frame.
     *
     * @return the payload
     */
    @Override
    public ByteBuffer binary() {
        return binary == null ? null : binary.duplicate();
    }
}
