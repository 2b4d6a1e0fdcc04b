package dev.melody.stream.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import dev.melody.stream.spi.cluster.RelayLink;
import dev.melody.stream.spi.cluster.RelayMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One AMQP connection, set up as Go Melody's AMQP backplane sets up its own: the fanout exchange (not durable, not
 * auto-delete), a server-named exclusive auto-delete queue bound to it with routing key {@code ""}, consumed with
 * auto-ack on one channel, and a second channel to publish on.
 *
 * <p><b>Sending.</b> Body: the envelope as given (Go's, byte for byte); properties: content type
 * {@code application/json}, delivery mode 1 (transient), headers {@value RelayMessage#ORIGIN_PROPERTY} (string) and
 * {@value RelayMessage#SEQUENCE_PROPERTY} (long), which Go ignores. A publish that fails is retried once on a fresh
 * channel of the same connection (as Go does); a second failure throws, and the relay reopens the link. Publishing
 * does not wait for confirms (as Go): a publish returns once the client wrote the frames. While the broker says it
 * blocks publishers ({@code connection.blocked}: RabbitMQ's memory or disk alarm), {@code send} throws at once
 * instead of writing into a connection the broker no longer reads, which would hold the publisher thread (and a
 * close) until the alarm clears; the relay then counts the broadcasts as failed, delivers them locally and reconnects
 * with its backoff.
 *
 * <p><b>Receiving.</b> The client calls the consumer on this link's dispatch thread; it hands each delivery to the
 * relay's listener through a bounded queue of {@value #HANDOFF_CAPACITY} messages. When that queue is full the
 * dispatch thread waits for room at most the configured timeout, then drops the delivery and counts it. Chosen over
 * dropping at once, because the listener only parses and hands events to the hub (which never blocks), so a full
 * queue is a burst that a short wait absorbs; chosen over waiting without a bound, because a listener that cannot
 * keep up must not stall the connection (its heartbeats and publishes share it) nor grow memory. A dropped delivery
 * is not silent: it leaves a hole in its publisher's sequence, and the relay delivers a gap marker there. Headers of
 * the wrong type are ignored (a message without an origin or sequence is read as a Go node's).
 *
 * <p><b>Thread-safety.</b> {@link #send} is called by the relay's publisher thread only, {@link #receive} by its
 * listener thread only; {@link #close} from any thread, any number of times.
 *
 * <p><b>Lifecycle.</b> Made open by {@link #open}; broken when the connection shuts down (the broker stopped, the
 * network failed, a channel error), after which {@code receive} throws once the messages received before are taken;
 * {@link #close} closes the connection and ends the dispatch thread. Never reused.
 */
final class AmqpLink implements RelayLink {

    /** The most deliveries waiting for the relay's listener. */
    static final int HANDOFF_CAPACITY = 4096;

    private static final String CONTENT_TYPE = "application/json";
    private static final int TRANSIENT = 1;
    /** Put in the hand-off to wake the listener when the link breaks or closes; never returned. */
    private static final RelayMessage WAKE = new RelayMessage(new byte[0], null, 0);

    private final Connection connection;
    private final ExecutorService dispatch;
    private final AmqpSettings settings;
    private final Runnable dropped;
    private final BlockingQueue<RelayMessage> handoff = new ArrayBlockingQueue<>(HANDOFF_CAPACITY + 1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Exception broken;
    private volatile String blocked; // the broker's reason while it blocks publishers, else null
    private volatile String queue;
    private volatile Channel publishing; // replaced by the publisher thread only

    private AmqpLink(Connection connection, ExecutorService dispatch, AmqpSettings settings, Runnable dropped) {
        this.connection = connection;
        this.dispatch = dispatch;
        this.settings = settings;
        this.dropped = dropped;
    }

    /**
     * Connects, declares the exchange and this node's queue, binds it and starts consuming.
     *
     * @param factory the configured connection factory
     * @param settings the exchange and the timeout
     * @param threads the factory of the dispatch thread
     * @param connectionName the name the broker shows for the connection
     * @param dropped called for each delivery dropped on a full hand-off
     * @return the open link
     * @throws IOException when the broker cannot be reached or refuses a declaration
     * @throws TimeoutException when the broker does not answer in time
     */
    static AmqpLink open(ConnectionFactory factory, AmqpSettings settings, ThreadFactory threads,
                         String connectionName, Runnable dropped) throws IOException, TimeoutException {
        ExecutorService dispatch = Executors.newSingleThreadExecutor(threads);
        Connection connection;
        try {
            connection = factory.newConnection(dispatch, connectionName);
        } catch (IOException | TimeoutException | RuntimeException e) {
            dispatch.shutdownNow();
            throw e;
        }
        AmqpLink link = new AmqpLink(connection, dispatch, settings, dropped);
        try {
            link.subscribe();
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    private void subscribe() throws IOException {
        connection.addShutdownListener(this::brokenBy);
        connection.addBlockedListener(reason -> blocked = reason == null ? "no reason given" : reason,
                () -> blocked = null);
        Channel consuming = connection.createChannel();
        consuming.exchangeDeclare(settings.exchange(), BuiltinExchangeType.FANOUT, false, false, null);
        queue = consuming.queueDeclare().getQueue();   // server-named, exclusive, auto-delete, not durable
        consuming.queueBind(queue, settings.exchange(), "");
        consuming.addShutdownListener(this::brokenBy);   // a channel error stops the consumer, not the connection
        consuming.basicConsume(queue, true, new DefaultConsumer(consuming) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                handOff(new RelayMessage(body, origin(properties), sequence(properties)));
            }

            @Override
            public void handleCancel(String consumerTag) {
                brokenBy(new IOException("the broker cancelled the consumer of queue " + queue));
            }
        });
        publishing = connection.createChannel();
    }

    /** Returns the name the broker gave this link's queue; for diagnostics and tests. */
    String queue() {
        return queue;
    }

    /** Returns the connection; for tests that act on the broker as this node (its queue is exclusive to it). */
    Connection connection() {
        return connection;
    }

    /** Tells whether the channel publishes go to is open; for diagnostics and tests. */
    boolean publishingOpen() {
        return publishing.isOpen();
    }

    private void handOff(RelayMessage message) {
        try {
            if (!handoff.offer(message, settings.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                dropped.run();
            }
        } catch (InterruptedException e) {
            dropped.run();
            Thread.currentThread().interrupt();   // the link is closing
        }
    }

    private void brokenBy(Exception cause) {
        if (broken == null) {
            broken = cause;
        }
        handoff.offer(WAKE);
    }

    private static String origin(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object value = headers == null ? null : headers.get(RelayMessage.ORIGIN_PROPERTY);
        return value instanceof LongString || value instanceof String ? value.toString() : null;
    }

    private static long sequence(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        Object value = headers == null ? null : headers.get(RelayMessage.SEQUENCE_PROPERTY);
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                ? Math.max(0, ((Number) value).longValue()) : 0;
    }

    @Override
    public void send(RelayMessage message) throws IOException {
        String blocking = blocked;
        if (blocking != null) {
            throw new IOException("the broker blocks publishing (" + blocking + ")");
        }
        Map<String, Object> headers = new HashMap<>(4);
        if (message.origin() != null) {
            headers.put(RelayMessage.ORIGIN_PROPERTY, message.origin());
        }
        if (message.sequence() > 0) {
            headers.put(RelayMessage.SEQUENCE_PROPERTY, message.sequence());
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType(CONTENT_TYPE)
                .deliveryMode(TRANSIENT).headers(headers).build();
        try {
            publishing.basicPublish(settings.exchange(), "", properties, message.body());
        } catch (IOException | RuntimeException first) {
            retryOnFreshChannel(properties, message.body(), first);
        }
    }

    private void retryOnFreshChannel(AMQP.BasicProperties properties, byte[] body, Exception first)
            throws IOException {
        closeQuietly(publishing);
        try {
            publishing = connection.createChannel();
            publishing.basicPublish(settings.exchange(), "", properties, body);
        } catch (IOException | RuntimeException second) {
            second.addSuppressed(first);
            throw second instanceof IOException io ? io : new IOException("publish failed twice", second);
        }
    }

    @Override
    public RelayMessage receive(Duration wait) throws Exception {
        RelayMessage message = handoff.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (message == WAKE) {
            message = null;
        }
        if (message == null) {
            if (closed.get()) {
                throw new IOException("the link was closed");
            }
            Exception cause = broken;
            if (cause != null) {
                throw cause;
            }
        }
        return message;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        handoff.offer(WAKE);
        try {
            if (connection.isOpen()) {
                connection.close((int) settings.timeout().toMillis());
            }
        } catch (IOException | RuntimeException e) {
            connection.abort((int) settings.timeout().toMillis());
        } finally {
            dispatch.shutdownNow();
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // the channel is already gone; a fresh one replaces it
        }
    }
}
