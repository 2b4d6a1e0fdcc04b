package dev.melody.stream.impl.hub;

import dev.melody.stream.CloseCause;
import dev.melody.stream.HubStatistics;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.Replay;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.Topics;
import dev.melody.stream.impl.hub.TopicLog.Appended;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.EventIdScheme;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The hub: one bounded log per topic, its subscribers as positions in it, counters, backplane hand-off and shutdown.
 *
 * <p><b>Role.</b> The one implementation of {@link ServerSentEventHub}, free of CDI and of any transport, so it is
 * tested as plain Java; the CDI layer produces it as the application's {@code @ApplicationScoped} hub. A broadcast
 * appends the event once to its topic's {@link TopicLog} and wakes the subscribers that wait; each
 * {@link LogSubscription} reads the log at its own position. Logs are kept finite by {@link RetainedLogs}.
 *
 * <p><b>Thread-safety.</b> Fully thread-safe. Appends to one topic are serialized by its log; different topics
 * proceed in parallel; reads take no lock. Counters are {@link LongAdder}s. A broadcast never blocks on a
 * subscriber: it only appends and signals listeners, which must themselves not block.
 *
 * <p><b>Clustering.</b> With a sequencing backplane the cluster names and orders every event, and a client may resume
 * on any node. With a relaying one each node names every event it delivers (its own and those from other nodes) in
 * its own epoch, and resumes only by ids it issued, so a client that resumes on another node, or by an id the
 * application chose, is told to resynchronise: the nodes' orders of events from different publishers may differ, and
 * a replay by another node's order could skip events silently.
 *
 * <p><b>Lifecycle.</b> Created once per application with fixed options, an id scheme and an optional backplane;
 * {@link #shutdown()} ends it (idempotent).
 */
public final class DefaultServerSentEventHub implements ServerSentEventHub {

    private static final System.Logger LOG = System.getLogger(DefaultServerSentEventHub.class.getName());
    private static final LogSubscription[] NO_SUBSCRIBERS = new LogSubscription[0];

    private final StreamOptions options;
    private final Backplane backplane;   // null when none
    private final boolean relaying;      // a backplane that does not sequence: events from elsewhere get our ids
    private final EventIdScheme ids;
    private final RetainedLogs logs;
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private volatile boolean shutDown;
    private final LongAdder broadcasts = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder backplaneFailures = new LongAdder();
    private final LogSubscription.Owner owner = new LogSubscription.Owner() {
        @Override
        public void countGap(long missed) {
            gaps.increment();
            dropped.add(missed);
        }

        @Override
        public void unregister(LogSubscription subscription) {
            DefaultServerSentEventHub.this.unregister(subscription);
        }
    };

    /**
     * Creates a hub with the default id scheme ({@code <epoch>-<sequence>}, a random epoch per topic history).
     *
     * @param options the options, fixed for the life of the hub
     * @param backplane the backplane to publish broadcasts to, or {@code null} for a single node
     */
    public DefaultServerSentEventHub(StreamOptions options, Backplane backplane) {
        this(options, backplane, null, System::nanoTime);
    }

    /**
     * Creates a hub.
     *
     * @param options the options, fixed for the life of the hub
     * @param backplane the backplane to publish broadcasts to, or {@code null} for a single node
     * @param ids how event ids are made and read back, or {@code null} for the default scheme
     * @param clock the time in nanoseconds, for expiry; {@code System::nanoTime} but in tests
     */
    public DefaultServerSentEventHub(StreamOptions options, Backplane backplane, EventIdScheme ids,
                                     LongSupplier clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.backplane = backplane;
        this.relaying = backplane != null && !backplane.sequencing();
        EventIdScheme scheme = ids == null ? new EpochEventIds() : ids;
        this.ids = scheme;
        boolean replayable = options.historySize() > 0;
        int maxEvents = replayable ? options.historySize() : options.subscriberBuffer();
        this.logs = new RetainedLogs(topic -> new TopicLog(topic, scheme, maxEvents, options.historyBytes(),
                replayable, relaying, clock.getAsLong()), clock, options.historyTtl().toNanos(),
                options.maxRetainedBytes());
        if (backplane != null) {
            backplane.start(this);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>With a {@linkplain Backplane#sequencing() sequencing} backplane the event is handed to it, without an id
     * (the cluster assigns every id, an application's included), and the backplane delivers it here as on every other
     * node; the count returned is then the topic's local subscribers at the time of the call.
     */
    @Override
    public int broadcast(String topic, ServerSentEvent event) {
        if (backplane != null && backplane.sequencing()) {
            if (!admit(topic, event)) {
                return 0;
            }
            publish(topic, event.id() == null ? event : event.withId(null));
            return subscriberCount(topic);
        }
        Appended appended = deliver(topic, event);
        if (appended != null && backplane != null) {
            publish(topic, appended.event());
        }
        return appended == null ? 0 : appended.subscribers().length;
    }

    /**
     * {@inheritDoc}
     *
     * <p>With a relaying backplane (not {@linkplain Backplane#sequencing() sequencing}), an event that carries an id
     * of this hub's scheme (another node named it in its own epoch) gets this node's next id instead, so that a client
     * can resume on this node by it; an id the application chose is kept.
     */
    @Override
    public int deliverLocal(String topic, ServerSentEvent event) {
        if (relaying && event != null && event.id() != null && ids.parse(event.id()) != null) {
            event = event.withId(null);
        }
        Appended appended = deliver(topic, event);
        return appended == null ? 0 : appended.subscribers().length;
    }

    /** Appends and wakes locally; returns {@code null} when nothing was appended and nothing should be published. */
    private Appended deliver(String topic, ServerSentEvent event) {
        if (!admit(topic, event)) {
            return null;
        }
        broadcasts.increment();
        long now = logs.now();
        logs.sweepIfDue(now);
        while (true) {
            TopicLog log = options.historySize() > 0 ? logs.getOrCreate(topic) : logs.get(topic);
            if (log == null) {                   // no subscriber and no replay: nothing to stamp or keep
                return new Appended(event, NO_SUBSCRIBERS, 0, 0);
            }
            Appended appended = log.append(event, now);
            if (appended != null) {
                logs.changed(appended.bytesDelta());
                wake(log, appended);
                return appended;
            }
            logs.forget(log);                    // retired meanwhile: make sure it is gone, then retry
        }
    }

    /** Checks a broadcast's arguments; returns {@code false} (and counts the event dropped) once shut down. */
    private boolean admit(String topic, ServerSentEvent event) {
        Topics.requireValid(topic);
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        if (shutDown) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Wakes the armed subscribers (and, under DISCONNECT, closes the ones behind the log). */
    private void wake(TopicLog log, Appended appended) {
        LogSubscription[] subscribers = appended.subscribers();
        if (options.overflowPolicy() == OverflowPolicy.DISCONNECT || log.takeWaiting()) {
            long head = appended.head();
            for (LogSubscription subscriber : subscribers) {
                subscriber.wake(head);
            }
        }
        delivered.add(subscribers.length);
    }

    private void publish(String topic, ServerSentEvent event) {
        try {
            CompletionStage<?> stage = backplane.publish(topic, event);
            if (stage != null) {
                stage.whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        countBackplaneFailure(topic, failure);
                    }
                });
            }
        } catch (RuntimeException e) {
            countBackplaneFailure(topic, e);
        }
    }

    private void countBackplaneFailure(String topic, Throwable failure) {
        backplaneFailures.increment();
        long count = backplaneFailures.sum();
        if (Long.bitCount(count) == 1) {   // log the 1st, 2nd, 4th, 8th … failure: visible, never a flood
            // a backplane may announce its own outages (one WARNING when one starts, one INFO when it ends)
            Level level = backplane.announcesOutages() ? Level.DEBUG : Level.WARNING;
            LOG.log(level, () -> "Backplane publication failed for topic '" + topic + "' (" + count
                    + " failures so far; local delivery is unaffected): " + failure);
        }
    }

    @Override
    public Subscription subscribe(String topic) {
        return subscribe(topic, null, null);
    }

    @Override
    public Subscription subscribe(String topic, SubscriptionListener listener) {
        return subscribe(topic, null, Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Subscription subscribe(String topic, String lastEventId, SubscriptionListener listener) {
        Topics.requireValid(topic);
        logs.sweepIfDue(logs.now());
        List<ServerSentEvent> shared = null;
        boolean askedShared = false;
        while (true) {
            TopicLog log = logs.getOrCreate(topic);
            LogSubscription subscription = new LogSubscription(log, options.overflowPolicy(), listener, owner);
            if (shutDown) {
                subscription.close(CloseCause.SHUTDOWN);
                return subscription;
            }
            if (!askedShared && sharesHistory(lastEventId) && !log.covers(lastEventId)) {
                askedShared = true;
                shared = sharedHistory(topic, lastEventId);   // may wait for the broker, bounded by the backplane
            }
            if (log.add(subscription, lastEventId, shared, logs.now())) {
                if (shutDown) {                  // shutdown raced the add: its pass may have missed this one
                    subscription.close(CloseCause.SHUTDOWN);
                } else {
                    logResync(topic, lastEventId, subscription);
                    subscription.signalIfBehind();
                }
                return subscription;
            }
            logs.forget(log);
        }
    }

    private boolean sharesHistory(String lastEventId) {
        return lastEventId != null && !lastEventId.isEmpty() && options.historySize() > 0 && backplane != null
                && backplane.sequencing();
    }

    /** Asks the backplane for the cluster's history after an id this node's log does not hold. */
    private List<ServerSentEvent> sharedHistory(String topic, String lastEventId) {
        try {
            List<ServerSentEvent> events = backplane.history(topic, lastEventId);
            return events == null ? null : List.copyOf(events);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Backplane could not replay topic '" + topic + "' after '"
                    + abbreviate(lastEventId) + "'; the subscriber is told to resynchronise: " + e);
            return null;
        }
    }

    private static void logResync(String topic, String lastEventId, LogSubscription subscription) {
        if (subscription.resyncRequired()) {
            LOG.log(Level.DEBUG, () -> "Topic '" + topic + "': last event id '" + abbreviate(lastEventId)
                    + "' cannot be replayed exactly (another epoch, unknown, malformed or no longer retained);"
                    + " the subscriber is told to resynchronise");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    private void unregister(LogSubscription subscription) {
        TopicLog log = subscription.log();
        if (log.remove(subscription, logs.now())) {
            logs.retireIfUnreplayable(log);
        }
    }

    @Override
    public Replay replay(String topic, String afterId) {
        Topics.requireValid(topic);
        if (afterId == null) {
            throw new IllegalArgumentException("afterId must not be null");
        }
        TopicLog log = logs.get(topic);
        List<ServerSentEvent> events = log == null ? null : log.after(afterId);
        if (events == null && sharesHistory(afterId)) {
            events = sharedHistory(topic, afterId);           // this node's log does not reach back that far
        }
        return events == null ? new Replay(List.of(), false) : new Replay(events, true);
    }

    @Override
    public int subscriberCount(String topic) {
        TopicLog log = topic == null ? null : logs.get(topic);
        return log == null ? 0 : log.subscriberCount();
    }

    @Override
    public Set<String> topics() {
        logs.sweepIfDue(logs.now());
        return logs.topics();
    }

    @Override
    public HubStatistics statistics() {
        logs.sweepIfDue(logs.now());
        int subscribers = 0;
        for (TopicLog log : logs.all()) {
            subscribers += log.subscriberCount();
        }
        return new HubStatistics(logs.size(), subscribers, broadcasts.sum(), delivered.sum(), dropped.sum(),
                gaps.sum(), logs.expired(), logs.evicted(), logs.retainedBytes(), backplaneFailures.sum());
    }

    @Override
    public StreamOptions options() {
        return options;
    }

    @Override
    public boolean isShutdown() {
        return shutDown;
    }

    @Override
    public void shutdown() {
        if (!shutdownStarted.compareAndSet(false, true)) {
            return;
        }
        shutDown = true;
        for (TopicLog log : logs.all()) {
            for (LogSubscription subscription : log.subscribers()) {
                subscription.close(CloseCause.SHUTDOWN);
            }
        }
        if (backplane != null) {
            try {
                backplane.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Backplane failed to close during hub shutdown: " + e);
            }
        }
        LOG.log(Level.DEBUG, "Hub shut down");
    }
}
