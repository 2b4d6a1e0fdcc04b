package dev.melody.stream.redis;

import dev.melody.stream.spi.cluster.GoEnvelope;
import dev.melody.stream.spi.cluster.RateLimitedLog;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.Backplane;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.Jedis;

/**
 * A sequencing {@link Backplane} over Redis: one ordered history per topic shared by every node, so that every node
 * delivers a topic's events in the same order with the same ids, and a client may resume on any node.
 *
 * <p><b>Role.</b> {@link #publish} queues the broadcast (never blocking); the publisher thread runs the
 * {@link SequencerScript} for queued events in pipelined batches, and each reply (the event's {@code <epoch>-<seq>})
 * feeds this node's {@link ClusterOrder}, which delivers locally in sequence order. The listener thread holds a
 * blocking {@code SUBSCRIBE} on the channel and feeds the other nodes' events to the same order, skipping this node's
 * own (no echo); envelopes without a cluster id (Go nodes) are delivered as they come. Holes in a topic's sequence
 * are filled from its Redis stream by the publisher thread.
 *
 * <p><b>Faults.</b> When Redis cannot be reached the backplane is {@link State#DEGRADED DEGRADED}: broadcasts are
 * delivered on this node only, without an id (the hub gives a node-local one), and counted as failed; one WARNING
 * says so, one INFO says when it ends. The listener reconnects with a backoff of 1 s doubling to 30 s, reset only
 * after a connection that lived 1 s. After reconnecting it fills every followed topic from its stream and publishes,
 * through the sequencer, a gap marker ({@code {"missed":N}}) for each topic this node delivered alone, so that the
 * other nodes' subscribers see a marker rather than silence.
 *
 * <p><b>Threads.</b> Two, from the context's thread factory: {@code melody-redis-publisher-<app>} and
 * {@code melody-redis-listener-<app>}. {@link #history} runs on the caller's thread, on its own connection, bounded
 * by the timeout.
 *
 * <p><b>Thread-safety.</b> {@link #publish}, {@link #history} and {@link #statistics} may be called from any thread,
 * concurrently. {@link #start} and {@link #close} are called once each by the hub.
 *
 * <p><b>Lifecycle.</b> Made by {@link RedisBackplaneProvider}; {@link #start} opens the connections and waits up to
 * the timeout for the subscription (staying degraded when Redis is not there); {@link #close} stops both threads and
 * closes every connection, also during a reconnect wait. Not restartable.
 */
public final class RedisBackplane implements Backplane {

    /** The backplane's state. */
    public enum State {
        /** Subscribed and publishing through Redis. */
        CONNECTED,
        /** Redis is unreachable (or not yet reached): broadcasts are delivered on this node only. */
        DEGRADED,
        /** Closed by the hub. */
        CLOSED
    }

    private static final Logger LOG = System.getLogger(RedisBackplane.class.getName());
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final HexFormat HEX = HexFormat.of();

    final RedisSettings settings;
    final String origin;
    final String application;
    final RedisConnector connector;
    final RateLimitedLog log = new RateLimitedLog(LOG, LOG_INTERVAL_NANOS);
    final ArrayBlockingQueue<Pending> queue;
    final long streamLength;
    final long ttlMillis;
    final int historySize;
    final CountDownLatch closed = new CountDownLatch(1);
    final CountDownLatch firstSubscription = new CountDownLatch(1);
    final AtomicBoolean recoveryRequested = new AtomicBoolean();
    final AtomicBoolean noticesDue = new AtomicBoolean();
    final ConcurrentMap<String, LongAdder> deliveredAlone = new ConcurrentHashMap<>();
    final Counters counters = new Counters();
    private final ThreadFactory threads;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<State> state = new AtomicReference<>(State.DEGRADED);
    private final AtomicBoolean outage = new AtomicBoolean();
    private volatile long outageStarted;
    private volatile ServerSentEventHub hub;
    private volatile ClusterOrder order;
    private volatile Jedis subscriber;
    private Thread publisherThread;   // written by start, read by close (the hub's calls are ordered)
    private Thread listenerThread;
    private HistoryReader historyReader;

    RedisBackplane(RedisSettings settings, StreamOptions options, ThreadFactory threads, String application) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.application = application;
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        this.origin = HEX.formatHex(bytes);
        this.connector = new RedisConnector(settings, application);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.historySize = options.historySize();
        this.streamLength = Math.max(options.historySize(), 1024);
        this.ttlMillis = options.historyTtl().toMillis();
    }

    @Override
    public boolean sequencing() {
        return true;
    }

    @Override
    public synchronized void start(ServerSentEventHub newHub) {
        if (hub != null) {
            throw new IllegalStateException("Redis backplane already started");
        }
        hub = Objects.requireNonNull(newHub, "hub");
        order = new ClusterOrder(newHub, log);
        historyReader = new HistoryReader(this);
        publisherThread = thread(new PublisherLoop(this, order), "publisher");
        listenerThread = thread(new ListenerLoop(this, order), "listener");
        publisherThread.start();
        listenerThread.start();
        try {
            if (!firstSubscription.await(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.INFO, "Redis backplane of " + application + " not subscribed yet to "
                        + settings.describe() + "; broadcasts stay on this node until it is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread thread(Runnable loop, String role) {
        Thread thread = threads.newThread(loop);
        if (thread == null) {
            throw new IllegalStateException("the thread factory refused to make the Redis backplane's " + role
                    + " thread");
        }
        thread.setName("melody-redis-" + role + "-" + application);
        return thread;
    }

    @Override
    public CompletionStage<?> publish(String topic, ServerSentEvent event) {
        if (state.get() == State.CONNECTED) {
            Pending pending = new Pending(topic, event, 0, new CompletableFuture<>());
            if (queue.offer(pending)) {
                return pending.done();
            }
            counters.queueFull.increment();
        }
        return deliverAlone(topic, event);
    }

    /** Delivers a broadcast on this node only (degraded), counts it and remembers it for the gap notice. */
    CompletableFuture<Void> deliverAlone(String topic, ServerSentEvent event) {
        counters.publishFailures.increment();
        ServerSentEventHub target = hub;
        if (state.get() != State.CLOSED && target != null) {
            deliveredAlone.computeIfAbsent(topic, t -> new LongAdder()).increment();
            noticesDue.set(true);   // acted on only while connected; a recovery queues them anyway
            target.deliverLocal(topic, event);
        }
        return CompletableFuture.failedFuture(RedisUnavailableException.INSTANCE);
    }

    @Override
    public List<ServerSentEvent> history(String topic, String afterId) {
        HistoryReader reader = historyReader;
        if (historySize == 0 || reader == null || state.get() != State.CONNECTED) {
            return null;
        }
        return reader.read(topic, afterId);
    }

    /**
     * Returns the counters and the state, for tests and metrics.
     *
     * @return a snapshot
     */
    public RedisStatistics statistics() {
        ClusterOrder current = order;
        Map<GoEnvelope.Cause, Long> malformed = new EnumMap<>(GoEnvelope.Cause.class);
        counters.malformed.forEach((cause, count) -> malformed.put(cause, count.sum()));
        return new RedisStatistics(state.get(), counters.published.sum(), counters.publishFailures.sum(),
                counters.queueFull.sum(), RedisStatistics.byName(malformed),
                current == null ? 0 : current.gapsMarked(), counters.gapNotices.sum(),
                current == null ? 0 : current.duplicates(), counters.holesFilled.sum(), counters.unsequenced.sum());
    }

    /** Describes a topic's place in the cluster's order on this node, for diagnostics. */
    String describe(String topic) {
        ClusterOrder current = order;
        return current == null ? topic + ": not started" : current.describe(topic) + ", queue=" + queue.size()
                + ", state=" + state.get();
    }

    /**
     * Returns this node's origin, the 16 random bytes in hex that mark its envelopes.
     *
     * @return 32 lowercase hex characters
     */
    public String origin() {
        return origin;
    }

    /** Makes a candidate epoch for a topic that has none in Redis. */
    String candidateEpoch() {
        byte[] bytes = new byte[ClusterId.EPOCH_CHARS / 2];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    State state() {
        return state.get();
    }

    boolean closing() {
        return closed.getCount() == 0;
    }

    /** Called by the listener once subscribed: the outage, if any, is over; recovery is due. */
    void subscribed(Jedis connection) {
        subscriber = connection;
        if (closing()) {
            connection.disconnect();   // close() may have looked before this connection was published
            return;
        }
        state.set(State.CONNECTED);
        recoveryRequested.set(true);
        firstSubscription.countDown();
        if (outage.compareAndSet(true, false)) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStarted);
            LOG.log(Level.INFO, "Redis backplane of " + application + " reconnected to " + settings.describe()
                    + " after about " + seconds + " s; filling missed events and marking the gaps");
        }
    }

    /** Called by either thread when Redis fails: degraded, one WARNING per outage; the listener reconnects. */
    void connectionLost(Throwable cause) {
        if (closing()) {
            return;
        }
        state.set(State.DEGRADED);
        if (outage.compareAndSet(false, true)) {
            outageStarted = System.nanoTime();
            LOG.log(Level.WARNING, "Redis backplane of " + application + " lost " + settings.describe() + " ("
                    + describe(cause) + "); broadcasts are delivered on this node only until it is back");
        }
        Jedis current = subscriber;
        if (current != null) {
            current.disconnect();   // the listener notices and reconnects; one owner of reconnection
        }
    }

    void unsubscribed() {
        subscriber = null;
    }

    /** Counts and logs (rate-limited, per cause) an envelope that cannot be delivered. */
    void malformed(GoEnvelope.Malformed malformed) {
        LongAdder count = counters.malformed.get(malformed.reason());
        count.increment();
        log.log("malformed-" + malformed.reason(), Level.WARNING, () -> "Redis backplane of " + application
                + " skipped an envelope on channel " + settings.channel() + ": "
                + malformed.reason().name().toLowerCase(java.util.Locale.ROOT) + " (" + malformed.getMessage()
                + "); " + count.sum() + " of this cause so far");
    }

    ServerSentEventHub hub() {
        return hub;
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "connection closed";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = cause.getMessage();
        return root == cause ? String.valueOf(message) : message + ": " + root.getMessage();
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        closed.countDown();
        firstSubscription.countDown();
        Jedis current = subscriber;
        if (current != null) {
            current.disconnect();
        }
        long bound = settings.timeout().toMillis() + 1000;
        join(publisherThread, bound);
        join(listenerThread, bound);
        if (historyReader != null) {
            historyReader.close();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(RedisUnavailableException.INSTANCE);
        }
    }

    private static void join(Thread thread, long millis) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(millis);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A broadcast waiting for the sequencer.
     *
     * @param topic the topic
     * @param event the event, without an id unless the application gave it one
     * @param missed for this node's gap notice (not delivered locally), the broadcasts it delivered alone; else 0
     * @param done completed when sequenced, exceptionally when delivered on this node only
     */
    record Pending(String topic, ServerSentEvent event, long missed, CompletableFuture<Void> done) {
    }

    /** The backplane's counters; each written by whichever thread sees the event. */
    static final class Counters {
        final LongAdder published = new LongAdder();
        final LongAdder publishFailures = new LongAdder();
        final LongAdder queueFull = new LongAdder();
        final LongAdder gapNotices = new LongAdder();
        final LongAdder holesFilled = new LongAdder();
        final LongAdder unsequenced = new LongAdder();
        final Map<GoEnvelope.Cause, LongAdder> malformed = new EnumMap<>(GoEnvelope.Cause.class);

        Counters() {
            for (GoEnvelope.Cause cause : GoEnvelope.Cause.values()) {
                malformed.put(cause, new LongAdder());
            }
        }
    }

    /** How long the listener waits between reconnect attempts at first. */
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

    /** The longest wait between reconnect attempts. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
}
