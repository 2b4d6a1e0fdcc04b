package dev.melody.stream.amqp;

import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.BackplaneContext;
import dev.melody.stream.spi.BackplaneProvider;
import dev.melody.stream.spi.cluster.RelayBackplane;
import dev.melody.stream.spi.cluster.RelaySettings;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the AMQP backplane — a {@link RelayBackplane} over an {@link AmqpConnector} — when
 * {@code melody.stream.amqp.uri} is set; listed in {@code META-INF/services/dev.melody.stream.spi.BackplaneProvider},
 * so that the jar in {@code WEB-INF/lib} and the key are all an application needs.
 *
 * <table>
 * <caption>Keys (read through the library: {@code StreamOptions} settings, MicroProfile Config, system properties)</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code melody.stream.amqp.uri}</td><td>none: off</td><td>{@code amqp://[user:password@]host[:port][/vhost]},
 * or {@code amqps://} for TLS</td></tr>
 * <tr><td>{@code melody.stream.amqp.exchange}</td><td>{@code melody.sse}</td><td>the fanout exchange</td></tr>
 * <tr><td>{@code melody.stream.amqp.timeout}</td><td>{@code 2s}</td><td>connection, handshake and channel-call
 * timeout</td></tr>
 * <tr><td>{@code melody.stream.amqp.queue}</td><td>65536</td><td>broadcasts waiting for the broker</td></tr>
 * <tr><td>{@code melody.stream.amqp.maxMessageBytes}</td><td>1048576</td><td>largest envelope sent or read</td></tr>
 * </table>
 *
 * <p><b>Thread-safety.</b> Stateless but for the once-only log flag; {@link #create} may be called from any thread.
 *
 * <p><b>Lifecycle.</b> Instantiated by the service loader for each application start.
 */
public final class AmqpBackplaneProvider implements BackplaneProvider {

    /** The broker's name in the relay's log lines and thread names ({@code melody-amqp-<application>-publisher}, …). */
    static final String NAME = "AMQP";

    private static final Logger LOG = System.getLogger(AmqpBackplaneProvider.class.getName());
    private static final AtomicBoolean OFF_LOGGED = new AtomicBoolean();

    /** Made by the service loader. */
    public AmqpBackplaneProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a {@code melody.stream.amqp.*} key holds an unacceptable value; the
     *         message names the key and the value, with the URI's password masked
     */
    @Override
    public Optional<Backplane> create(BackplaneContext context) {
        Optional<AmqpSettings> settings = AmqpSettings.from(context);
        if (settings.isEmpty()) {
            if (OFF_LOGGED.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "AMQP backplane off: " + AmqpSettings.URI + " is not set");
            }
            return Optional.empty();
        }
        AmqpSettings amqp = settings.get();
        LOG.log(Level.INFO, "AMQP backplane on for " + context.applicationName() + ": " + amqp.describe());
        AmqpConnector connector = new AmqpConnector(amqp, context.threadFactory(), context.applicationName());
        RelaySettings relay = RelaySettings.defaults().withLimits(amqp.queueCapacity(), amqp.maxMessageBytes());
        return Optional.of(new RelayBackplane(NAME, context.applicationName(), connector, relay,
                context.threadFactory()));
    }
}
