package dev.melody.stream.jms;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import java.util.Optional;
import java.util.function.Supplier;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;

/**
 * The server objects the backplane runs on — the connection factory and, when configured by JNDI name, the topic —
 * found once, on the deploying thread, where {@code java:comp} names resolve.
 *
 * <p><b>Where the connection factory comes from.</b> With {@value JmsSettings#CONNECTION_FACTORY} set: that JNDI
 * name, and nothing else (a missing name fails the deployment). Without it: the application's CDI bean of type
 * {@code jakarta.jms.ConnectionFactory} (for a server without a broker of its own, such as Payara Micro), else
 * {@value JmsSettings#DEFAULT_CONNECTION_FACTORY}; when neither exists, there is nothing to connect to and
 * {@link #find} returns empty.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable value made by {@link #find} for one provider call and handed to
 * the connector, which keeps the objects for the backplane's life.
 *
 * @param factory the connection factory
 * @param factoryName where it came from, for log lines: a JNDI name or {@code CDI bean of <class>}
 * @param topic the looked-up topic, or {@code null} when the topic is made by name on each link
 */
record JmsResources(ConnectionFactory factory, String factoryName, Topic topic) {

    /**
     * A connection factory and where it came from.
     *
     * @param factory the factory
     * @param name where it came from, for log lines
     */
    record Named(ConnectionFactory factory, String name) {
    }

    /** A JNDI lookup, {@code new InitialContext().lookup(name)} in a server. */
    @FunctionalInterface
    interface Naming {
        /**
         * Looks a name up.
         *
         * @param name the JNDI name
         * @return the bound object
         * @throws NamingException when nothing is bound under it, or the lookup fails
         */
        Object lookup(String name) throws NamingException;
    }

    /**
     * Finds the connection factory and the topic the settings name.
     *
     * @param settings the settings
     * @param naming the JNDI lookup
     * @param beans the application's connection factory bean, if it has one
     * @return the resources, or empty when the key is unset, no bean exists and the default name is not bound
     * @throws IllegalArgumentException naming the key and the JNDI name when a configured name is missing or binds
     *         something else
     */
    static Optional<JmsResources> find(JmsSettings settings, Naming naming,
                                       Supplier<Optional<Named>> beans) {
        Optional<Named> bean = settings.connectionFactory() == null ? beans.get() : Optional.empty();
        ConnectionFactory factory;
        String factoryName;
        if (bean.isPresent()) {
            factory = bean.get().factory();
            factoryName = bean.get().name();
        } else {
            factoryName = settings.connectionFactoryName();
            Optional<ConnectionFactory> found = connectionFactory(settings, naming);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            factory = found.get();
        }
        Topic topic = settings.topicLookup() == null ? null : topic(settings.topicLookup(), naming);
        return Optional.of(new JmsResources(factory, factoryName, topic));
    }

    private static Optional<ConnectionFactory> connectionFactory(JmsSettings settings, Naming naming) {
        String name = settings.connectionFactoryName();
        boolean configured = settings.connectionFactory() != null;
        Object found;
        try {
            found = naming.lookup(name);
        } catch (NamingException e) {
            if (!configured) {
                return Optional.empty();
            }
            throw new IllegalArgumentException("Invalid " + JmsSettings.CONNECTION_FACTORY + "='" + name
                    + "': no connection factory is bound under this JNDI name (" + describe(e) + "); bind one in "
                    + "the server's configuration, or correct the key", e);
        }
        if (found instanceof ConnectionFactory factory) {
            return Optional.of(factory);
        }
        String key = configured ? JmsSettings.CONNECTION_FACTORY + "='" + name + "'" : "JNDI name " + name;
        throw new IllegalArgumentException("Invalid " + key + ": it binds " + type(found)
                + ", not a jakarta.jms.ConnectionFactory");
    }

    private static Topic topic(String name, Naming naming) {
        Object found;
        try {
            found = naming.lookup(name);
        } catch (NamingException e) {
            throw new IllegalArgumentException("Invalid " + JmsSettings.TOPIC_LOOKUP + "='" + name
                    + "': no topic is bound under this JNDI name (" + describe(e) + "); bind one in the server's "
                    + "configuration, or remove the key to use " + JmsSettings.TOPIC, e);
        }
        if (found instanceof Topic topic) {
            return topic;
        }
        String why = found instanceof Queue ? "a queue (every node must get every message: a topic is needed)"
                : type(found);
        throw new IllegalArgumentException("Invalid " + JmsSettings.TOPIC_LOOKUP + "='" + name + "': it binds " + why
                + ", not a jakarta.jms.Topic");
    }

    private static String describe(NamingException e) {
        return e instanceof NameNotFoundException ? "name not found" : e.getClass().getSimpleName() + ": "
                + e.getMessage();
    }

    private static String type(Object found) {
        return found == null ? "null" : "a " + found.getClass().getName();
    }
}
