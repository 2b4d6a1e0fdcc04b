package dev.melody.stream.jms;

import dev.melody.stream.spi.cluster.RateLimitedLog;
import dev.melody.stream.spi.cluster.RelayConnector;
import dev.melody.stream.spi.cluster.RelayLink;
import dev.melody.stream.spi.cluster.RelayMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.Topic;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Connects a {@link dev.melody.stream.spi.cluster.RelayBackplane} to a Jakarta Messaging topic: each
 * {@link #open()} makes a {@link RelayLink} with two {@link JMSContext}s of the connection factory, one receiving
 * from a non-durable subscription of the topic and one sending to it.
 *
 * <p><b>Messages.</b> A {@code TextMessage} per broadcast, holding Go Melody's envelope; non-persistent, with a time
 * to live, and with the properties {@value RelayMessage#ORIGIN_PROPERTY} (this node's origin) and
 * {@value RelayMessage#SEQUENCE_PROPERTY} (its count on the envelope's topic). A {@code TextMessage} or a
 * {@code BytesMessage} is read; a message of another type carries no envelope and is skipped, counted
 * ({@link #wrongTypeMessages()}) and logged at most once per 10 seconds. When {@link #skipOrigin(String)} was called,
 * the subscription's message selector leaves this node's own messages on the broker.
 *
 * <p><b>Threads and transactions.</b> No thread of its own and no {@code MessageListener} (which web and EJB
 * containers forbid): the relay's listener thread receives synchronously, its publisher thread sends. The contexts are
 * non-transacted (receiving {@code DUPS_OK_ACKNOWLEDGE}, sending {@code AUTO_ACKNOWLEDGE}); the relay's threads run outside any JTA transaction. The connection
 * factory and a JNDI topic are looked up once, by the provider, where {@code java:comp} is available, and kept.
 *
 * <p><b>Thread-safety.</b> {@link #open()} is called by one thread at a time (the relay's listener);
 * {@link #skipOrigin(String)} before the relay starts; the counter may be read from any thread.
 *
 * <p><b>Lifecycle.</b> Made by {@link JmsBackplaneProvider}, or by an application that builds its own relay; lives as
 * long as its relay. It holds no connection itself: each link owns the two it opened.
 */
public final class JmsConnector implements RelayConnector {

    private static final System.Logger LOG = System.getLogger(JmsConnector.class.getName());
    private static final Pattern ORIGIN = Pattern.compile("[0-9a-f]{32}");

    private final ConnectionFactory factory;
    private final String factoryName;
    private final Topic topic;
    private final String topicName;
    private final Duration timeToLive;
    private final AtomicLong wrongType = new AtomicLong();
    private final RateLimitedLog log = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(10));
    private volatile String selector;

    private JmsConnector(ConnectionFactory factory, String factoryName, Topic topic, String topicName,
                         Duration timeToLive) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.factoryName = factoryName;
        this.topic = topic;
        this.topicName = topicName;
        this.timeToLive = requireTimeToLive(timeToLive);
    }

    /**
     * Makes a connector for a topic known by name, created on each link with {@link JMSContext#createTopic}.
     *
     * @param factory the connection factory, looked up or produced by the application
     * @param topicName the topic's provider-specific name, such as {@code melody.sse}
     * @param timeToLive how long a message may wait on the broker; zero for no expiry
     * @return the connector
     */
    public static JmsConnector forTopicName(ConnectionFactory factory, String topicName, Duration timeToLive) {
        Objects.requireNonNull(topicName, "topicName");
        if (topicName.isEmpty()) {
            throw new IllegalArgumentException("The topic name must not be empty");
        }
        return new JmsConnector(factory, factory.getClass().getSimpleName(), null, topicName, timeToLive);
    }

    /**
     * Makes a connector for a topic object, such as one looked up in JNDI.
     *
     * @param factory the connection factory, looked up or produced by the application
     * @param topic the topic
     * @param timeToLive how long a message may wait on the broker; zero for no expiry
     * @return the connector
     */
    public static JmsConnector forTopic(ConnectionFactory factory, Topic topic, Duration timeToLive) {
        Objects.requireNonNull(topic, "topic");
        return new JmsConnector(factory, factory.getClass().getSimpleName(), topic, String.valueOf(topic),
                timeToLive);
    }

    /** Makes the provider's connector, described by the JNDI names it was looked up under. */
    static JmsConnector of(JmsResources resources, JmsSettings settings) {
        return new JmsConnector(resources.factory(), resources.factoryName(), resources.topic(),
                resources.topic() != null ? settings.topicLookup() : settings.topic(), settings.timeToLive());
    }

    private static Duration requireTimeToLive(Duration timeToLive) {
        Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative()) {
            throw new IllegalArgumentException("The time to live must not be negative: " + timeToLive);
        }
        return timeToLive;
    }

    /**
     * Leaves this node's own messages on the broker: the subscription of every later link gets the selector
     * {@code melodyOrigin IS NULL OR melodyOrigin <> '<origin>'}. The relay skips its own messages by origin anyway;
     * this spares the broker and the network the echo. Call it before the relay starts.
     *
     * @param origin the relay's origin, 32 lowercase hex characters
     * @throws IllegalArgumentException when it is not 32 lowercase hex characters
     */
    public void skipOrigin(String origin) {
        if (origin == null || !ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("An origin is 32 lowercase hex characters: " + origin);
        }
        selector = RelayMessage.ORIGIN_PROPERTY + " IS NULL OR " + RelayMessage.ORIGIN_PROPERTY + " <> '" + origin
                + "'";
    }

    /**
     * Connects to the broker and subscribes to the topic.
     *
     * @return the link, receiving
     * @throws jakarta.jms.JMSRuntimeException when the broker cannot be reached or refuses
     */
    @Override
    public RelayLink open() {
        return JmsLink.open(this);
    }

    @Override
    public String describe() {
        return "jms " + factoryName + " topic " + topicName;
    }

    /**
     * Counts the messages skipped because their type carries no envelope (neither a {@code TextMessage} nor a
     * {@code BytesMessage}); the relay counts every other bad message under its malformed causes.
     *
     * @return the count since this connector was made
     */
    public long wrongTypeMessages() {
        return wrongType.get();
    }

    ConnectionFactory factory() {
        return factory;
    }

    Duration timeToLive() {
        return timeToLive;
    }

    String selector() {
        return selector;
    }

    /** Returns the topic object: the looked-up one, else one made by the context from the name. */
    Topic topic(JMSContext context) {
        return topic != null ? topic : context.createTopic(topicName);
    }

    /** Counts and logs (at most once per 10 s) a message that carries no envelope. */
    void skipWrongType(Message message) {
        long count = wrongType.incrementAndGet();
        String type = jmsType(message);
        log.log("wrong-type", Level.WARNING, () -> "JMS backplane (" + describe() + ") skipped a " + type
                + ": only a TextMessage or BytesMessage carries an envelope (" + count + " skipped so far)");
    }

    private static String jmsType(Message message) {
        if (message instanceof MapMessage) {
            return "MapMessage";
        }
        if (message instanceof ObjectMessage) {
            return "ObjectMessage";
        }
        if (message instanceof StreamMessage) {
            return "StreamMessage";
        }
        return "Message without a body";
    }
}
