package dev.melody.stream.jms;

import dev.melody.stream.spi.cluster.RelayLink;
import dev.melody.stream.spi.cluster.RelayMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open link to the broker: a receiving {@link JMSContext} with a non-durable consumer of the topic, and a sending
 * context with its producer.
 *
 * <p><b>Thread-safety.</b> A {@code JMSContext} is single-threaded, so each has one user: {@link #receive} runs on
 * the relay's listener thread only and uses only the receiving context; {@link #send} runs on the publisher thread
 * only and uses only the sending context. {@link #close} may come from either thread, or a third, while the others
 * wait: Jakarta Messaging allows {@code close} concurrently with a blocked {@code receive}, which then returns.
 *
 * <p><b>Lifecycle.</b> Made, connected and subscribed by {@link JmsConnector#open()}; broken once {@code send} or
 * {@code receive} throws; closed by the relay exactly when it is done with it (closing twice is harmless).
 */
final class JmsLink implements RelayLink {

    private final JMSContext receiving;
    private final JMSContext sending;
    private final JMSConsumer consumer;
    private final JMSProducer producer;
    private final Topic topic;
    private final JmsConnector connector;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JmsLink(JMSContext receiving, JMSContext sending, Topic topic, String selector, JmsConnector connector) {
        this.receiving = receiving;
        this.sending = sending;
        this.topic = topic;
        this.connector = connector;
        // A non-durable subscription: it exists while this consumer does, and the broker drops it with the link.
        this.consumer = selector == null ? receiving.createConsumer(topic) : receiving.createConsumer(topic, selector);
        this.producer = sending.createProducer()
                .setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                .setTimeToLive(connector.timeToLive().toMillis())
                .setDisableMessageID(true);
    }

    /**
     * Connects and subscribes; closes what it opened when a step fails.
     *
     * @param connector the connector, for the factory, the topic, the selector and the counters
     * @return the link, receiving
     * @throws JMSRuntimeException when the broker cannot be reached or refuses
     */
    static JmsLink open(JmsConnector connector) {
        // Lazy acknowledgement is safe: the subscription is non-durable and ends with the link, so nothing is ever
        // redelivered; it spares the broker an acknowledgement per message.
        JMSContext receiving = connector.factory().createContext(JMSContext.DUPS_OK_ACKNOWLEDGE);
        JMSContext sending = null;
        try {
            sending = connector.factory().createContext(JMSContext.AUTO_ACKNOWLEDGE);   // sends only: no acks
            Topic topic = connector.topic(receiving);
            // createConsumer starts the receiving connection (autoStart): no start() call, which some containers limit
            return new JmsLink(receiving, sending, topic, connector.selector(), connector);
        } catch (RuntimeException | Error e) {
            closeQuietly(sending);
            closeQuietly(receiving);
            throw e;
        }
    }

    @Override
    public void send(RelayMessage message) throws JMSException {
        TextMessage text = sending.createTextMessage(new String(message.body(), StandardCharsets.UTF_8));
        if (message.origin() != null) {
            text.setStringProperty(RelayMessage.ORIGIN_PROPERTY, message.origin());
        }
        if (message.sequence() > 0) {
            text.setLongProperty(RelayMessage.SEQUENCE_PROPERTY, message.sequence());
        }
        producer.send(topic, text);
    }

    @Override
    public RelayMessage receive(Duration wait) throws JMSException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closed.get()) {
            long millis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);   // receive(0) waits forever
            Message message = consumer.receive(millis);
            if (message == null) {
                if (closed.get()) {
                    break;
                }
                return null;
            }
            RelayMessage relayed = relayMessage(message);
            if (relayed != null) {
                return relayed;
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
        }
        throw new jakarta.jms.IllegalStateException("the link to the broker was closed");
    }

    /** Turns a message into the relay's form, or counts and skips it when it carries no envelope. */
    private RelayMessage relayMessage(Message message) throws JMSException {
        byte[] body;
        if (message instanceof TextMessage text) {
            String value = text.getText();
            body = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        } else if (message instanceof BytesMessage bytes) {
            byte[] read = bytes.getBody(byte[].class);   // the relay refuses more than maxMessageBytes
            body = read == null ? new byte[0] : read;      // null: a message without a body
        } else {
            connector.skipWrongType(message);
            return null;
        }
        return new RelayMessage(body, origin(message), sequence(message));
    }

    private static String origin(Message message) throws JMSException {
        Object value = message.getObjectProperty(RelayMessage.ORIGIN_PROPERTY);
        return value instanceof String origin ? origin : null;
    }

    private static long sequence(Message message) throws JMSException {
        Object value = message.getObjectProperty(RelayMessage.SEQUENCE_PROPERTY);
        return value instanceof Long sequence && sequence > 0 ? sequence : 0;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(receiving);
            closeQuietly(sending);
        }
    }

    private static void closeQuietly(JMSContext context) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            // the connection is gone already; nothing is left to release
        }
    }
}
