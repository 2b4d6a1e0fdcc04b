package dev.melody.stream.jms;

import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.BackplaneContext;
import dev.melody.stream.spi.cluster.RelayBackplane;
import dev.melody.stream.spi.cluster.RelaySettings;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InitialContext;

/**
 * Makes the relay over Jakarta Messaging for {@link JmsBackplaneProvider}, once the API is known to be present:
 * reads the settings, finds the connection factory and topic, and wires a {@link JmsConnector} into a
 * {@link RelayBackplane}.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions (but for the once-only log flag), called on the
 * deploying thread.
 */
final class JmsBackplanes {

    /**
     * The relay's name: log lines say "JMS (application) backplane …", threads are
     * {@code melody-jms-<application>-publisher} and {@code -listener}.
     */
    static final String NAME = "JMS";

    private static final Logger LOG = System.getLogger(JmsBackplanes.class.getName());
    private static final AtomicBoolean OFF_LOGGED = new AtomicBoolean();

    private JmsBackplanes() {
    }

    static Optional<Backplane> create(BackplaneContext context) {
        JmsSettings settings = JmsSettings.from(context::setting);
        JmsResources.Naming naming = name -> new InitialContext().lookup(name);
        Optional<JmsResources> resources = JmsResources.find(settings, naming, () -> bean(naming));
        if (resources.isEmpty()) {
            if (OFF_LOGGED.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "JMS backplane off for " + context.applicationName() + ": nothing is bound "
                        + "under " + JmsSettings.DEFAULT_CONNECTION_FACTORY + " and the application produces no "
                        + "jakarta.jms.ConnectionFactory bean; set " + JmsSettings.CONNECTION_FACTORY + " to the JNDI "
                        + "name of a connection factory, or produce one, to cluster this application");
            }
            return Optional.empty();
        }
        return Optional.of(relay(resources.get(), settings, context));
    }

    /** Wires the connector into a relay. */
    static RelayBackplane relay(JmsResources resources, JmsSettings settings, BackplaneContext context) {
        JmsConnector connector = JmsConnector.of(resources, settings);
        RelayBackplane relay = new RelayBackplane(NAME, context.applicationName(), connector, relaySettings(settings),
                context.threadFactory());
        connector.skipOrigin(relay.origin());
        LOG.log(Level.INFO, "JMS backplane on for " + context.applicationName() + ": " + connector.describe()
                + ", time to live " + settings.timeToLive().toMillis() + " ms");
        return relay;
    }

    static RelaySettings relaySettings(JmsSettings settings) {
        RelaySettings defaults = RelaySettings.defaults();
        return new RelaySettings(settings.queueCapacity(), settings.maxMessageBytes(), settings.timeout(),
                defaults.initialBackoff(), defaults.maxBackoff());
    }

    private static Optional<JmsResources.Named> bean(JmsResources.Naming naming) {
        try {
            return ApplicationBeans.connectionFactory(naming);
        } catch (LinkageError e) {
            return Optional.empty();   // no CDI API on the class path: no beans
        }
    }
}
