package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscription made while a handshake is still being answered, held until the connection it is for opens.
 *
 * <p><b>Role.</b> A WebSocket container runs the endpoint's {@code onOpen} only after the client already has its
 * {@code 101}; a client that acts on its {@code open} event (asks the server to broadcast, say) could otherwise see
 * that broadcast made before anything subscribed. So the transport subscribes during the handshake, before the
 * response goes out, with this holder as the hub's listener; the topic log keeps every event from then on at the
 * subscription's cursor. When the connection opens it {@linkplain #claim claims} the subscription and becomes its
 * listener, and its writer drains what was held. A handshake that never reaches {@code onOpen} (the client went
 * away, the container refused it after the check) is {@linkplain #release released} after the hold time, with
 * one DEBUG line, so nothing leaks.
 *
 * <p><b>Thread-safety.</b> {@link #claim} and the release race safely: exactly one wins. Hub callbacks may arrive
 * from any thread at any time; before the claim they are dropped (the writer drains the log when it starts, and a
 * close is seen by the claimant in {@link Subscription#isClosed()}), after it they go to the claimant.
 *
 * <p><b>Lifecycle.</b> Created per accepted handshake by {@link #subscribe}; ends claimed or released.
 */
public final class HeldSubscription implements SubscriptionListener {

    /** How long a held subscription waits for its connection to open. */
    public static final Duration HOLD = Duration.ofSeconds(30);

    static final String LOG_RELEASED = "Released the subscription of a handshake to topic '%s': "
            + "the connection did not open within %s";

    private static final System.Logger LOG = System.getLogger(HeldSubscription.class.getName());

    private final String topic;
    private final Duration hold;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile SubscriptionListener claimant;
    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> expiry;

    private HeldSubscription(String topic, Duration hold) {
        this.topic = topic;
        this.hold = hold;
    }

    /**
     * Subscribes now and holds the subscription for a connection that is about to open.
     *
     * @param hub the hub to subscribe to
     * @param timer the timer that releases an unclaimed subscription
     * @param topic the accepted topic
     * @param lastEventId the id the client resumes after, or {@code null}
     * @param hold how long to wait for the claim before releasing
     * @return the holder
     */
    public static HeldSubscription subscribe(ServerSentEventHub hub, ScheduledExecutorService timer, String topic,
                                             String lastEventId, Duration hold) {
        HeldSubscription held = new HeldSubscription(topic, hold);
        held.subscription = hub.subscribe(topic, lastEventId, held);
        try {
            held.expiry = timer.schedule(held::expire, hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {      // the application is stopping: nothing will open
            held.release(CloseCause.SHUTDOWN);
        }
        return held;
    }

    /**
     * Takes the subscription over for the connection that opened; its listener is {@code owner} from now on.
     *
     * @param owner the connection's listener
     * @return the subscription, or {@code null} when it was released already (the caller subscribes anew)
     */
    public Subscription claim(SubscriptionListener owner) {
        if (!settled.compareAndSet(false, true)) {
            return null;
        }
        ScheduledFuture<?> pending = expiry;
        if (pending != null) {
            pending.cancel(false);
        }
        claimant = owner;
        return subscription;
    }

    /**
     * Releases the subscription unless it was claimed: closes it with {@code cause}.
     *
     * @param cause the cause the subscription is closed with
     * @return {@code true} if this call released it
     */
    public boolean release(CloseCause cause) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> pending = expiry;
        if (pending != null) {
            pending.cancel(false);
        }
        subscription.close(cause);
        return true;
    }

    /**
     * Tells whether the subscription is still waiting for its connection.
     *
     * @return {@code true} until it is claimed or released
     */
    public boolean isHeld() {
        return !settled.get();
    }

    private void expire() {
        if (release(CloseCause.CLIENT_CLOSED)) {
            LOG.log(Level.DEBUG, () -> String.format(LOG_RELEASED, topic, hold));
        }
    }

    @Override
    public void onAvailable(Subscription subscribed) {
        SubscriptionListener owner = claimant;
        if (owner != null) {
            owner.onAvailable(subscribed);
        }
    }

    @Override
    public void onClosed(Subscription subscribed, CloseCause cause) {
        SubscriptionListener owner = claimant;
        if (owner != null) {
            owner.onClosed(subscribed, cause);
        }
    }
}
