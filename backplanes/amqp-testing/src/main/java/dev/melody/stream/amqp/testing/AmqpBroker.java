package dev.melody.stream.amqp.testing;

import java.io.IOException;

/**
 * A real AMQP 0-9-1 broker on a loopback port, started by a test and stopped by it.
 *
 * <p><b>Role.</b> What backplane tests need of a broker whichever it is ({@link QpidBroker}, {@link RabbitMqNode}):
 * where to connect, and the faults a cluster sees: the broker going away ({@link #stop()}) and coming back empty on
 * the same port ({@link #restart()}).
 *
 * <p><b>Thread-safety.</b> Implementations are thread-safe (their methods are synchronized).
 *
 * <p><b>Lifecycle.</b> Running when made by the implementation's {@code start()}; {@link #stop()} and
 * {@link #restart()} may alternate; {@link #close()} stops it for good and removes its files, and is idempotent.
 */
public interface AmqpBroker extends AutoCloseable {

    /**
     * Returns the URI a client connects with: {@code amqp://guest:guest@127.0.0.1:<port>}, the default virtual host.
     *
     * @return the URI
     */
    String uri();

    /**
     * Returns the AMQP port on {@code 127.0.0.1}, the same across {@link #restart()}.
     *
     * @return the port
     */
    int port();

    /**
     * Names the broker and its version for messages, such as {@code Qpid Broker-J 9.2.1}.
     *
     * @return the name
     */
    String describe();

    /**
     * Tells whether the broker accepts connections now.
     *
     * @return {@code true} while it runs
     */
    boolean isRunning();

    /** Stops the broker: every connection to it breaks and the port closes. Idempotent. */
    void stop();

    /**
     * Starts the broker again on the same port, with nothing declared (exchanges and queues are gone); stops it first
     * if it runs. Returns once it accepts AMQP connections.
     *
     * @throws IOException when it does not come up within its bound
     */
    void restart() throws IOException;

    /** Stops the broker and deletes its files; idempotent, never throws. */
    @Override
    void close();
}
