package dev.melody.stream.jms;

import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.BackplaneContext;
import dev.melody.stream.spi.BackplaneProvider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the Jakarta Messaging backplane when the application's server offers a connection factory; listed in
 * {@code META-INF/services/dev.melody.stream.spi.BackplaneProvider}, so the jar in {@code WEB-INF/lib} is all an
 * application on a server with a broker needs (no key).
 *
 * <p><b>When it is on.</b> With {@code melody.stream.jms.connectionFactory} set, the factory bound under that JNDI
 * name is used, and a missing one fails the deployment naming the key and the name. Without the key, the
 * application's CDI bean of type {@code jakarta.jms.ConnectionFactory} is used, else the server's
 * {@code java:comp/DefaultJMSConnectionFactory}; when neither exists (a server without Jakarta Messaging, or without a
 * broker), the backplane is off and says so once at WARNING. The other keys are in {@link JmsSettings}'s table; a bad
 * value fails the deployment naming the key.
 *
 * <p>This class refers to no Jakarta Messaging type, so that it loads on a server without the API; it then says so
 * once and stays off.
 *
 * <p><b>Thread-safety.</b> Stateless but for the once-only log flags; {@link #create} runs on the deploying thread,
 * where {@code java:comp} names resolve; every lookup happens then, and the objects found are kept.
 *
 * <p><b>Lifecycle.</b> Instantiated by the service loader for each application start; the backplane it makes
 * belongs to the hub.
 */
public final class JmsBackplaneProvider implements BackplaneProvider {

    private static final Logger LOG = System.getLogger(JmsBackplaneProvider.class.getName());
    private static final AtomicBoolean NO_API_LOGGED = new AtomicBoolean();
    static final String JMS_API_CLASS = "jakarta.jms.ConnectionFactory";

    /** Made by the service loader. */
    public JmsBackplaneProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a {@code melody.stream.jms.*} key holds an unacceptable value, or a
     *         configured JNDI name binds nothing or the wrong kind of object; the message names the key and the name
     */
    @Override
    public Optional<Backplane> create(BackplaneContext context) {
        if (!jmsApiPresent()) {
            if (NO_API_LOGGED.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "JMS backplane off for " + context.applicationName() + ": the Jakarta "
                        + "Messaging API (" + JMS_API_CLASS + ") is not on the class path; use a server with "
                        + "Jakarta Messaging, or add jakarta.jms-api and a client such as Artemis's to the application");
            }
            return Optional.empty();
        }
        return JmsBackplanes.create(context);
    }

    private static boolean jmsApiPresent() {
        try {
            Class.forName(JMS_API_CLASS, false, JmsBackplaneProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
