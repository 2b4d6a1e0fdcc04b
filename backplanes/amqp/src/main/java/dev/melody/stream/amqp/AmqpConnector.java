package dev.melody.stream.amqp;

import com.rabbitmq.client.ConnectionFactory;
import dev.melody.stream.spi.cluster.RateLimitedLog;
import dev.melody.stream.spi.cluster.RelayConnector;
import dev.melody.stream.spi.cluster.RelayLink;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;

/**
 * Opens {@link AmqpLink}s to the broker the settings name: the {@link RelayConnector} of the AMQP backplane.
 *
 * <p><b>Role.</b> Configures the RabbitMQ Java client once — address, credentials, virtual host, TLS with host name
 * verification for {@code amqps://}, the timeout for the TCP connection, the AMQP handshake and every channel call,
 * a 10 s heartbeat (Go's default, which bounds how long a dead broker goes unnoticed), and <b>automatic recovery
 * off</b>: the relay reconnects itself, with Go Melody's backoff, so that it can count the outage and mark the gap.
 * The client's own threads (connection reader, heartbeats) come from the container's thread factory, and each link
 * makes its consumer-dispatch thread from it too.
 *
 * <p><b>Thread-safety.</b> {@link #open} is called by the relay's listener thread, one link at a time;
 * {@link #droppedDeliveries()} from any thread.
 *
 * <p><b>Lifecycle.</b> Made by {@link AmqpBackplaneProvider}, one per backplane; holds no connection itself.
 */
final class AmqpConnector implements RelayConnector {

    /** The heartbeat asked of the broker, in seconds (Go's amqp091 default). */
    static final int HEARTBEAT_SECONDS = 10;

    private static final Logger LOG = System.getLogger(AmqpConnector.class.getName());

    private final AmqpSettings settings;
    private final ThreadFactory threads;
    private final String connectionName;
    private final ConnectionFactory factory;
    private final LongAdder dropped = new LongAdder();
    private final RateLimitedLog log = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(10));
    private final String applicationName;

    /**
     * Makes the connector.
     *
     * @param settings where and how to connect
     * @param threads the container's thread factory, for every thread the client starts
     * @param applicationName the application's name, shown as the connection's name in the broker's management
     */
    AmqpConnector(AmqpSettings settings, ThreadFactory threads, String applicationName) {
        this.settings = settings;
        this.threads = threads;
        this.applicationName = applicationName;
        this.connectionName = "melody-" + applicationName;
        this.factory = factory(settings, threads);
    }

    private static ConnectionFactory factory(AmqpSettings settings, ThreadFactory threads) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setVirtualHost(settings.virtualHost());
        if (settings.user() != null) {
            factory.setUsername(settings.user());
        }
        if (settings.password() != null) {
            factory.setPassword(settings.password());
        }
        if (settings.tls()) {
            try {
                factory.useSslProtocol(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default TLS context for " + AmqpSettings.URI, e);
            }
            factory.enableHostnameVerification();
        }
        int timeoutMillis = (int) settings.timeout().toMillis();
        factory.setConnectionTimeout(timeoutMillis);
        factory.setHandshakeTimeout(timeoutMillis);
        factory.setChannelRpcTimeout(timeoutMillis);
        factory.setShutdownTimeout(timeoutMillis);
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setThreadFactory(threads);
        return factory;
    }

    @Override
    public RelayLink open() throws IOException, java.util.concurrent.TimeoutException {
        return AmqpLink.open(factory, settings, threads, connectionName, this::droppedOne);
    }

    private void droppedOne() {
        dropped.increment();
        log.log("dropped", Level.WARNING, () -> "AMQP backplane of " + applicationName + " dropped deliveries from "
                + settings.describe() + ": the hand-off to its listener stayed full for " + settings.timeout().toMillis()
                + " ms; " + dropped.sum() + " so far; the nodes that sent them get gap markers here");
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    /**
     * Returns how many deliveries were dropped because the hand-off to the listener stayed full (see
     * {@link AmqpLink}); each leaves a hole in its publisher's sequence, which the relay marks as a gap.
     *
     * @return the count since the backplane started
     */
    long droppedDeliveries() {
        return dropped.sum();
    }
}
