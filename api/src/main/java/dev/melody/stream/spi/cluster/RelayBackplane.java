package dev.melody.stream.spi.cluster;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.spi.Backplane;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A relaying {@link Backplane} over any broker that can fan a message out to every node: the broker module supplies
 * a {@link RelayConnector} (connect, send, receive), this class does the rest, the same way for every broker.
 *
 * <p><b>What it guarantees.</b> Relaying, as Go Melody's backplanes: the hub delivers a broadcast on its own node
 * first, then this backplane publishes it; the other nodes deliver it when it arrives. So every node delivers the
 * events of one publisher in that publisher's order, exactly once while the broker is reachable; there is no
 * cluster-wide order and no shared id (each node's hub names events in its own epoch, so a client resuming on another
 * node is told to resynchronise). What a node cannot deliver is never silent: a receiving node that finds a hole in
 * another node's sequence of a topic (see below) delivers a gap marker there ({@code {"missed":N}}); a publishing
 * node that could not send (no link, queue full, too large) counts those broadcasts per topic and, once it can send
 * again, publishes one gap notice per topic, which every other node delivers as a gap marker. The broadcasts not sent
 * keep their places in the topic's sequence (the notice takes the last one's), so a node that was away when the notice
 * went out sees them all as one hole at the next message, and a node that gets the notice sees the hole end in it;
 * either delivers one marker with the exact count.
 *
 * <p><b>On the wire.</b> The body is Go Melody's envelope ({@link GoEnvelope}), so Go nodes share the channel. Beside
 * it each message carries this node's origin and its sequence number for the topic, from 1 and without holes
 * ({@link RelayMessage}); Go nodes neither send nor read them, so holes in a Go node's events cannot be seen. A
 * node's own messages are skipped when they come back. Counters are kept for at most {@value #MAX_TRACKED} topics
 * (sent) and publisher-topic pairs (received), least recently used first out; a forgotten pair starts again without
 * a marker, as a restarted node does.
 *
 * <p><b>Faults.</b> When the broker cannot be reached or a link breaks: one WARNING; broadcasts go on being
 * delivered locally and are counted as failures (the hub counts them too); the listener reconnects after 1 s,
 * doubling to 30 s (Go's backoff; reset once a link lived at least the first wait); one INFO when a link is open
 * again, then the gap notices. Bad input is skipped, counted by cause, and logged at most once per cause every
 * 10 s, without a stack trace.
 *
 * <p><b>Thread-safety.</b> {@link #publish} may be called from any thread and only enqueues (never waits on the
 * broker). Two threads from the given factory do the rest: the publisher (this class's loop), which builds envelopes
 * and sends them in queue order, with the gap notices; and the listener ({@code RelayListener}), which owns the link:
 * it opens it, receives, and reopens it after a failure, handing each message to {@code RelayReceiver}, which skips
 * this node's own, follows the other nodes' sequences and delivers to the hub. Counters are {@code RelayCounters}.
 *
 * <p><b>Lifecycle.</b> Made by a broker module's {@link dev.melody.stream.spi.BackplaneProvider}; the hub calls
 * {@link #start} once (the threads start then) and {@link #close} once at shutdown, which closes the link and stops
 * both threads within a few seconds, failing what is still queued.
 */
public final class RelayBackplane implements Backplane {

    /** The most topics (sent) and publisher-topic pairs (received) whose sequence counters are kept. */
    public static final int MAX_TRACKED = 65_536;

    private static final Logger LOG = System.getLogger(RelayBackplane.class.getName());
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final long PUBLISHER_POLL_MILLIS = 100;

    final String label;                  // "AMQP backplane of shop", for log lines and failures
    private final String threadPrefix;
    final RelayConnector connector;
    final RelaySettings settings;
    private final ThreadFactory threads;
    private final String origin;
    private final BlockingQueue<Pending> queue;
    final RateLimitedLog rateLimited = new RateLimitedLog(LOG, LOG_INTERVAL_NANOS);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean noticesDue = new AtomicBoolean();
    private final ConcurrentMap<String, Long> alone = new ConcurrentHashMap<>();   // topic -> broadcasts not sent
    private final Map<String, long[]> sent = lru();           // topic -> last sequence; publisher thread only
    final RelayCounters counters = new RelayCounters();
    private final RelayListener listener;                      // holds the link, runs the listener thread
    private Thread publisherThread;
    private Thread listenerThread;

    /**
     * Makes the relay; nothing connects before {@link #start}.
     *
     * @param name the broker's name for log lines, such as {@code AMQP}
     * @param connector how to reach the broker
     * @param settings queue, limits and backoff
     * @param threads where the publisher and listener threads come from: the container's managed thread factory
     *        where there is one
     */
    public RelayBackplane(String name, RelayConnector connector, RelaySettings settings, ThreadFactory threads) {
        this(name, null, connector, settings, threads);
    }

    /**
     * Makes the relay for one application; its name goes into log lines and thread names, so that the relays of
     * several applications on one server can be told apart.
     *
     * @param name the broker's name for log lines, such as {@code AMQP}
     * @param application the application's name ({@link dev.melody.stream.spi.BackplaneContext#applicationName()}),
     *        or {@code null}
     * @param connector how to reach the broker
     * @param settings queue, limits and backoff
     * @param threads where the publisher and listener threads come from
     */
    public RelayBackplane(String name, String application, RelayConnector connector, RelaySettings settings,
                          ThreadFactory threads) {
        Objects.requireNonNull(name, "name");
        boolean named = application != null && !application.isBlank();
        this.label = name + " backplane" + (named ? " of " + application : "");
        this.threadPrefix = "melody-" + name.toLowerCase(java.util.Locale.ROOT)
                + (named ? "-" + application.replaceAll("[^A-Za-z0-9._-]", "") : "");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.origin = HexFormat.of().formatHex(bytes);
        this.listener = new RelayListener(this, () -> noticesDue.set(true));
    }

    /**
     * Returns this node's origin, the 32 hex characters in every envelope it sends.
     *
     * @return the origin
     */
    public String origin() {
        return origin;
    }

    @Override
    public CompletionStage<?> publish(String topic, ServerSentEvent event) {
        Pending pending = new Pending(topic, event, new CompletableFuture<>());
        if (closed.get()) {
            pending.done().completeExceptionally(new IllegalStateException(label + " is closed"));
        } else if (!queue.offer(pending)) {
            counters.queueFull.increment();
            notSent(pending, new IllegalStateException(label + " queue is full ("
                    + settings.queueCapacity() + " broadcasts wait)"));
            noticesDue.set(true);
        }
        return pending.done();
    }

    /** {@inheritDoc} A relay logs one WARNING when an outage starts and one INFO when it ends. */
    @Override
    public boolean announcesOutages() {
        return true;
    }

    @Override
    public void start(ServerSentEventHub hub) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        RelayReceiver receiver = new RelayReceiver(this, Objects.requireNonNull(hub, "hub"));
        publisherThread = thread(this::publishLoop, "publisher");
        listenerThread = thread(() -> listener.listen(receiver), "listener");
        listenerThread.start();
        publisherThread.start();
    }

    private Thread thread(Runnable body, String role) {
        Thread thread = threads.newThread(body);
        try {
            thread.setName(threadPrefix + "-" + role);
        } catch (SecurityException e) {
            // a container that does not let us name its thread: it keeps its own name
        }
        return thread;
    }

    /**
     * Returns the current state and counters.
     *
     * @return a snapshot
     */
    public RelayStatistics statistics() {
        return counters.snapshot(listener.link() != null);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.stop();
        for (Thread thread : new Thread[] {publisherThread, listenerThread}) {
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(STOP_WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (thread.isAlive()) {
                    LOG.log(Level.WARNING, () -> label + ": thread " + thread.getName()
                            + " did not stop within " + STOP_WAIT.toSeconds() + " s");
                }
            }
        }
        listener.closeLink();
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.done().completeExceptionally(
                new IllegalStateException(label + " closed before it sent this broadcast")));
        LOG.log(Level.DEBUG, () -> label + " closed");
    }

    // ---- publisher thread ------------------------------------------------------------------------------------

    private void publishLoop() {
        while (!closed.get()) {
            Pending pending;
            try {
                pending = queue.poll(PUBLISHER_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed.get()) {
                    return;
                }
                continue;
            }
            RelayLink current = listener.link();
            if (current != null && noticesDue.getAndSet(false) && !sendNotices(current)) {
                current = null;
            }
            if (pending == null) {
                continue;
            }
            if (current == null) {
                notSent(pending, new IllegalStateException(label + " is not connected to "
                        + connector.describe()));
                noticesDue.set(true);
            } else {
                send(current, pending);
            }
        }
    }

    private void send(RelayLink current, Pending pending) {
        byte[] body = GoEnvelope.bytes(GoEnvelope.write(origin, pending.topic(), pending.event(), null));
        if (body.length > settings.maxMessageBytes()) {
            rateLimited.log("too-large", Level.WARNING, () -> label + ": an event of topic '"
                    + pending.topic() + "' is " + body.length + " bytes as an envelope, more than maxMessageBytes "
                    + settings.maxMessageBytes() + "; delivered on this node only, the others get a gap marker");
            notSent(pending, new IllegalArgumentException("envelope of " + body.length + " bytes is larger than "
                    + settings.maxMessageBytes()));
            noticesDue.set(true);
            return;
        }
        long[] last = sent.computeIfAbsent(pending.topic(), topic -> new long[1]);
        try {
            current.send(new RelayMessage(body, origin, last[0] + 1));
            last[0]++;
            counters.published.increment();
            pending.done().complete(null);
        } catch (Exception e) {
            notSent(pending, e);
            listener.broken(current, e);
        }
    }

    /** Sends one gap notice per topic with broadcasts the other nodes did not get; {@code false} if the link broke. */
    private boolean sendNotices(RelayLink current) {
        for (String topic : List.copyOf(alone.keySet())) {
            Long missed = alone.remove(topic);       // atomic: a failure counted meanwhile starts a new entry
            if (missed == null || missed <= 0) {
                continue;
            }
            ServerSentEvent notice = ServerSentEvent.of(StreamMarkers.GAP, StreamMarkers.gapData(missed));
            long[] last = sent.computeIfAbsent(topic, t -> new long[1]);
            long sequence = last[0] + missed;         // the broadcasts not sent keep their places, the notice in
                                                      // the last one's: a node that misses it sees them all in the
                                                      // next hole, and one that gets it, the hole ending in it
            try {
                current.send(new RelayMessage(GoEnvelope.bytes(GoEnvelope.write(origin, topic, notice, null)),
                        origin, sequence));
                last[0] = sequence;
                counters.published.increment();
                counters.gapNotices.increment();
            } catch (Exception e) {
                alone.merge(topic, missed, Long::sum);
                noticesDue.set(true);
                listener.broken(current, e);
                return false;
            }
        }
        return true;
    }

    private void notSent(Pending pending, Exception cause) {
        counters.publishFailures.increment();
        if (alone.size() < MAX_TRACKED || alone.containsKey(pending.topic())) {
            alone.merge(pending.topic(), 1L, Long::sum);
        } else {
            counters.untracked.increment();
            rateLimited.log("untracked", Level.WARNING, () -> label + ": broadcasts to more than "
                    + MAX_TRACKED + " topics were not sent during this outage; the other nodes get no gap marker "
                    + "for topics past that bound (" + counters.untracked.sum() + " broadcasts so far)");
        }
        pending.done().completeExceptionally(cause);
    }

    /** A map of at most {@value #MAX_TRACKED} keys, least recently used first out; for one thread. */
    static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }

    /** One broadcast waiting for the publisher thread. */
    private record Pending(String topic, ServerSentEvent event, CompletableFuture<Void> done) {
    }
}
