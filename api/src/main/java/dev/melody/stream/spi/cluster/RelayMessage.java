package dev.melody.stream.spi.cluster;

import java.util.Objects;

/**
 * One message on a relaying backplane's channel: the envelope as bytes, and two properties beside it that Go Melody
 * neither writes nor reads (AMQP headers, JMS message properties), so the body stays Go's byte for byte.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable by convention: the body array is not copied and must not be
 * changed once the message is made.
 *
 * @param body the envelope, UTF-8 JSON as {@link GoEnvelope#write} makes it
 * @param origin the sending node's origin (32 hex characters), or {@code null} when the message carries none (a Go
 *        node's)
 * @param sequence the sender's count of messages on the envelope's topic, from 1 and without holes, so that a
 *        receiver sees what it missed; 0 when the message carries none
 */
public record RelayMessage(byte[] body, String origin, long sequence) {

    /** The header or property name of {@link #origin()}. */
    public static final String ORIGIN_PROPERTY = "melodyOrigin";

    /** The header or property name of {@link #sequence()}. */
    public static final String SEQUENCE_PROPERTY = "melodySeq";

    /**
     * Checks the parts.
     *
     * @throws NullPointerException if the body is {@code null}
     */
    public RelayMessage {
        Objects.requireNonNull(body, "body");
    }
}
