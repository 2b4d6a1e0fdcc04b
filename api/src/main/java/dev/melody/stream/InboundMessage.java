package dev.melody.stream;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The CDI event fired for each inbound WebSocket frame: {@code void on(@Observes InboundMessage message)}.
 *
 * <p><b>Role.</b> Carries one complete text or binary message and the connection it came from, so the observer
 * can reply with {@link StreamConnection#send(ServerSentEvent)} or close it.
 *
 * <p><b>Threading.</b> Fired synchronously on the connection's read thread, in the order the frames arrived,
 * never concurrently for one connection; then also to {@code @ObservesAsync} observers. Synchronous observers must
 * not block: a slow observer stalls that connection's reads. An observer that throws closes that connection
 * (1011) and no other.
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
