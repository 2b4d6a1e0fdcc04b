package dev.melody.stream.tck.cluster.app.artemis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import java.util.logging.Logger;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Produces the application's Jakarta Messaging {@link ConnectionFactory}: an Artemis client factory for the broker
 * whose URL the server's JVM names in the system property {@value #URL_PROPERTY} (e.g. {@code tcp://127.0.0.1:61616}).
 * This is the application-supplied connection factory of a server without a broker (Payara Micro).
 *
 * <p><b>Thread-safety and lifecycle.</b> One application-scoped factory per deployment, created on first use and
 * closed when the application stops; an Artemis connection factory may be used by any thread.
 */
@ApplicationScoped
public class ArtemisConnectionFactoryProducer {

    /** The system property holding the broker's URL. */
    public static final String URL_PROPERTY = "cluster.artemis.url";

    private static final Logger LOG = Logger.getLogger(ArtemisConnectionFactoryProducer.class.getName());

    /**
     * Makes the connection factory.
     *
     * @return an Artemis client connection factory for the configured broker
     * @throws IllegalStateException when {@value #URL_PROPERTY} is not set
     */
    @Produces
    @ApplicationScoped
    ConnectionFactory connectionFactory() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("system property " + URL_PROPERTY + " is not set: start the server with"
                    + " -D" + URL_PROPERTY + "=tcp://host:port of the Artemis broker");
        }
        LOG.info("Artemis connection factory for " + url);
        return new ActiveMQConnectionFactory(url);
    }

    /**
     * Closes the connection factory when the application stops.
     *
     * @param factory the factory made by {@link #connectionFactory()}
     */
    void close(@Disposes ConnectionFactory factory) {
        if (factory instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.fine("closing the Artemis connection factory failed: " + e);
            }
        }
    }
}
