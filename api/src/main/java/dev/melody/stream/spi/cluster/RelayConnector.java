package dev.melody.stream.spi.cluster;

/**
 * What a broker module gives a {@link RelayBackplane}: how to open a link to its broker. The relay does everything
 * else (queueing, threads, reconnection with backoff, no echo, gap detection, bad input, statistics).
 *
 * <p><b>Thread-safety.</b> {@link #open} is called by the relay's listener thread only, one link at a time: a new
 * link is opened only after the previous one was closed.
 *
 * <p><b>Lifecycle.</b> Made by the broker module's {@link dev.melody.stream.spi.BackplaneProvider} from validated
 * settings; lives as long as its relay. It holds no connection itself: each link owns the connection it opened.
 */
public interface RelayConnector {

    /**
     * Opens a link: connects, declares or looks up what the channel needs, and starts receiving every message
     * published on the channel by any node (this one included: the relay drops its own by origin). Waits for the
     * broker for a bounded time.
     *
     * @return the link, receiving
     * @throws Exception when the broker cannot be reached or refuses; the relay retries with backoff
     */
    RelayLink open() throws Exception;

    /**
     * Describes the broker and channel for log lines, without secrets: for example
     * {@code amqp://127.0.0.1:5672 exchange melody.sse}.
     *
     * @return the description
     */
    String describe();
}
