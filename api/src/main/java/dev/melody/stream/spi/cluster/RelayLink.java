package dev.melody.stream.spi.cluster;

import java.time.Duration;

/**
 * One open connection to a broker, subscribed to the channel, made by {@link RelayConnector#open()}.
 *
 * <p><b>Thread-safety.</b> {@link #send} is called by the relay's publisher thread only, {@link #receive} by its
 * listener thread only, concurrently with each other; {@link #close} may be called from any thread, once or more,
 * also while the others wait, and makes them return or throw promptly.
 *
 * <p><b>Lifecycle.</b> Open when made; broken when {@code send} or {@code receive} throws; the relay then closes it
 * and opens a new one. A link is never reused after it broke.
 */
public interface RelayLink extends AutoCloseable {

    /**
     * Publishes one message to every node on the channel; waits for the broker for a bounded time. A link that can
     * retry on a fresh channel of the same connection (AMQP) does so once before it throws.
     *
     * @param message the message
     * @throws Exception when it was not published; the relay counts it and treats the link as broken
     */
    void send(RelayMessage message) throws Exception;

    /**
     * Waits at most {@code wait} for the next message from the channel.
     *
     * @param wait the longest wait
     * @return the next message, or {@code null} when none came in time
     * @throws Exception when the link is broken (or was closed)
     */
    RelayMessage receive(Duration wait) throws Exception;

    /** Closes the connection and everything opened on it; idempotent, never throws. */
    @Override
    void close();
}
