package dev.melody.stream.impl.hub;

import dev.melody.stream.CloseCause;
import dev.melody.stream.HubStatistics;
import dev.melody.stream.Replay;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.Topics;
import dev.melody.stream.impl.hub.TopicChannel.Admission;
import dev.melody.stream.impl.hub.TopicChannel.Delivery;
import dev.melody.stream.spi.Backplane;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub: topics, their subscribers and history, counters, backplane hand-off and shutdown.
 *
 * <p><b>Role.</b> The one implementation of {@link ServerSentEventHub}, free of CDI and of any transport, so it is
 * tested as plain Java; the CDI layer produces it as the application's {@code @ApplicationScoped} hub.
 *
 * <p><b>Thread-safety.</b> Fully thread-safe. Per-topic work is serialized by that topic's {@link TopicChannel};
 * different topics proceed in parallel. Counters are {@link LongAdder}s. A broadcast never blocks on a subscriber:
 * it only offers to bounded queues and signals listeners, which must themselves not block.
 *
 * <p><b>Lifecycle.</b> Created once per application with fixed options and an optional backplane; {@link
 * #shutdown()} ends it (idempotent).
 */
public final class DefaultServerSentEventHub implements ServerSentEventHub {

    private static final System.Logger LOG = System.getLogger(DefaultServerSentEventHub.class.getName());

    private final StreamOptions options;
    private final Backplane backplane;   // null when none
    private final ConcurrentHashMap<String, TopicChannel> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private volatile boolean shutDown;
    private final LongAdder broadcasts = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder backplaneFailures = new LongAdder();
    private final BoundedSubscription.Owner owner = new BoundedSubscription.Owner() {
        @Override
        public void countDropped(long events) {
            dropped.add(events);
        }

        @Override
        public void unregister(BoundedSubscription subscription) {
            DefaultServerSentEventHub.this.unregister(subscription);
        }
    };

    /**
     * Creates a hub.
     *
     * @param options the options, fixed for the life of the hub
     * @param backplane the backplane to publish broadcasts to, or {@code null} for a single node
     */
    public DefaultServerSentEventHub(StreamOptions options, Backplane backplane) {
        this.options = Objects.requireNonNull(options, "options");
        this.backplane = backplane;
    }

    @Override
    public int broadcast(String topic, ServerSentEvent event) {
        Delivery delivery = deliver(topic, event);
        if (delivery != null && backplane != null) {
            publish(topic, delivery.event());
        }
        return delivery == null ? 0 : delivery.accepted();
    }

    @Override
    public int deliverLocal(String topic, ServerSentEvent event) {
        Delivery delivery = deliver(topic, event);
        return delivery == null ? 0 : delivery.accepted();
    }

    /** Delivers locally; returns {@code null} when nothing was delivered and nothing should be published. */
    private Delivery deliver(String topic, ServerSentEvent event) {
        Topics.requireValid(topic);
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        if (shutDown) {
            dropped.increment();
            return null;
        }
        broadcasts.increment();
        while (true) {
            TopicChannel channel = options.historySize() > 0
                    ? channels.computeIfAbsent(topic, t -> new TopicChannel(options.historySize()))
                    : channels.get(topic);
            if (channel == null) {
                return new Delivery(event, 0);   // no subscriber and no history: nothing to stamp or keep
            }
            Delivery delivery = channel.deliver(event);
            if (delivery != null) {
                delivered.add(delivery.accepted());
                return delivery;
            }
            channels.remove(topic, channel);     // retired meanwhile: make sure it is gone, then retry
        }
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
            LOG.log(Level.WARNING, "Backplane publication failed for topic '" + topic + "' (" + count
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
        BoundedSubscription subscription = new BoundedSubscription(topic, options.subscriberBuffer(),
                options.overflowPolicy(), listener, owner);
        while (true) {
            TopicChannel channel = channels.computeIfAbsent(topic, t -> new TopicChannel(options.historySize()));
            Admission admission = channel.add(subscription, lastEventId, () -> shutDown);
            if (admission == Admission.ADDED) {
                subscription.signalIfBacklog();
                return subscription;
            }
            if (admission == Admission.SHUT_DOWN) {
                subscription.close(CloseCause.SHUTDOWN);
                return subscription;
            }
            channels.remove(topic, channel);
        }
    }

    private void unregister(BoundedSubscription subscription) {
        TopicChannel channel = channels.get(subscription.topic());
        if (channel != null && channel.remove(subscription) && channel.retireIfUnused()) {
            channels.remove(subscription.topic(), channel);
        }
    }

    @Override
    public Replay replay(String topic, String afterId) {
        Topics.requireValid(topic);
        if (afterId == null) {
            throw new IllegalArgumentException("afterId must not be null");
        }
        TopicChannel channel = channels.get(topic);
        return channel == null ? new Replay(List.of(), false) : channel.replay(afterId);
    }

    @Override
    public int subscriberCount(String topic) {
        TopicChannel channel = topic == null ? null : channels.get(topic);
        return channel == null ? 0 : channel.subscriberCount();
    }

    @Override
    public Set<String> topics() {
        return Set.copyOf(channels.keySet());
    }

    @Override
    public HubStatistics statistics() {
        int subscribers = 0;
        for (TopicChannel channel : channels.values()) {
            subscribers += channel.subscriberCount();
        }
        return new HubStatistics(channels.size(), subscribers, broadcasts.sum(), delivered.sum(), dropped.sum(),
                backplaneFailures.sum());
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
        for (TopicChannel channel : channels.values()) {
            for (BoundedSubscription subscription : channel.subscribers()) {
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
