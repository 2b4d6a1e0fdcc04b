package dev.melody.stream.impl.hub;

import dev.melody.stream.CloseCause;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.impl.hub.TopicLog.Entry;
import dev.melody.stream.spi.EventIdScheme.Position;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One subscriber of a topic: a position in the topic's {@link TopicLog}, its gap counters, and its wake-up signal.
 *
 * <p><b>Role.</b> The hub's side of the {@link Subscription} contract. The subscriber holds no events of its own:
 * {@link #poll()} reads the entry at its position from the shared log and moves on. A position the log has evicted
 * is a gap, handled by the overflow policy: a gap marker, a silent skip, or closing.
 *
 * <p><b>Arming, without a lock.</b> A {@code poll()} that finds nothing sets {@code armed}, raises its log's waiting
 * flag ({@link TopicLog#markWaiting()}) and then reads the log's tail again; a broadcaster moves the tail, takes the
 * flag ({@link TopicLog#takeWaiting()}) and, if it was raised, reads {@code armed} of every subscriber. All are
 * volatile, so either the poll finds the new event (and takes its arm back with a CAS) or the broadcaster finds the
 * arm (and takes it with a CAS, then signals). Exactly one of them wins the CAS, so a signal is never lost and at most
 * one is outstanding; and a broadcast that finds the flag down visits no subscriber at all (every one is busy
 * draining).
 *
 * <p><b>Thread-safety.</b> {@code position} is written only by the one draining party (the signalled one, per the
 * {@code Subscription} contract), which reads it plainly: successive drains on different threads are ordered by the
 * hand-off of the signal. Other threads read it with acquire semantics, written with release semantics (no fence on
 * the read path, which a volatile write would cost per event). {@code armed} and {@code closeCause} change by CAS;
 * counters are written by the drainer. In-JVM pollers without a listener wait on this object's monitor in {@link #poll(Duration)}.
 * Listener callbacks are made with no lock held.
 *
 * <p><b>Lifecycle.</b> Created by {@link DefaultServerSentEventHub#subscribe}, placed by {@link TopicLog#add}; closed
 * once, by the subscriber, by a gap under {@link OverflowPolicy#DISCONNECT} or by hub shutdown; the hub then removes
 * it from its log.
 */
final class LogSubscription implements Subscription {

    private static final System.Logger LOG = System.getLogger(LogSubscription.class.getName());
    private static final VarHandle ARMED;
    private static final VarHandle CLOSE_CAUSE;
    private static final VarHandle POSITION;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ARMED = lookup.findVarHandle(LogSubscription.class, "armed", boolean.class);
            CLOSE_CAUSE = lookup.findVarHandle(LogSubscription.class, "closeCause", CloseCause.class);
            POSITION = lookup.findVarHandle(LogSubscription.class, "position", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Hub-side hooks: where gaps are counted and where a closed subscription is removed. */
    interface Owner {
        void countGap(long missed);

        void unregister(LogSubscription subscription);
    }

    private final TopicLog log;
    private final OverflowPolicy policy;
    private final SubscriptionListener listener;   // null for in-JVM pollers
    private final Owner owner;
    private long position;                         // the next sequence to read; see "Thread-safety"
    private volatile boolean armed;                // changed by CAS, see the class comment
    private volatile CloseCause closeCause;        // set once, by CAS
    private boolean resyncRequired;                // written once, before the subscription is visible
    private boolean startsBehind;                  // written once, before the subscription is visible
    private volatile long dropped;                 // written by the drainer
    private volatile long gaps;                    // written by the drainer
    private boolean signalled;                     // guarded by this; for poll(timeout) without a listener
    private ArrayDeque<ServerSentEvent> history;   // read before the log; written before visible, then by the drainer
    private Position skipThrough;                  // written before visible, then cleared by the drainer

    LogSubscription(TopicLog log, OverflowPolicy policy, SubscriptionListener listener, Owner owner) {
        this.log = log;
        this.policy = policy;
        this.listener = listener;
        this.owner = owner;
    }

    /**
     * Sets the first sequence to read; called once by the log, under its lock, before anyone sees this.
     *
     * @param sequence the first sequence of the log to read
     * @param resync whether the subscriber is to be told to resynchronise
     * @param history events to read before the log (a sequencing backplane's shared history), often none
     * @param skipThrough entries of this cluster history up to this position are already in {@code history}: the
     *        log's entries at or before it are skipped; {@code null} for none
     */
    void startAt(long sequence, boolean resync, List<ServerSentEvent> history, Position skipThrough) {
        POSITION.setRelease(this, sequence);
        resyncRequired = resync;
        if (!history.isEmpty()) {
            this.history = new ArrayDeque<>(history);
        }
        this.skipThrough = skipThrough;
        startsBehind = sequence <= log.tail() || !history.isEmpty();
        armed = !startsBehind;                                    // a replay is signalled once it is placed
        if (armed) {
            log.markWaiting();
        }
    }

    TopicLog log() {
        return log;
    }

    /**
     * Takes this subscriber's arm, if it is armed, and signals it; called by a broadcaster after moving the tail.
     *
     * @param head the log's oldest retained sequence after the append, to find a subscriber that fell behind
     */
    void wake(long head) {
        if (policy == OverflowPolicy.DISCONNECT) {
            long behind = head - (long) POSITION.getAcquire(this);
            if (behind > 0 && closeCause == null) {
                closeBehind(behind);
                return;
            }
        }
        if (armed && ARMED.compareAndSet(this, true, false)) {
            signal();
        }
    }

    /** Signals a subscription that starts with replayed events; called once, after it was placed. */
    void signalIfBehind() {
        if (startsBehind && closeCause == null) {
            signal();
        }
    }

    /** Closes for a gap under DISCONNECT; the call that closes counts the missed events. */
    private void closeBehind(long missed) {
        if (closeFirst(CloseCause.OVERFLOW)) {
            dropped += missed;
            gaps++;
            owner.countGap(missed);
            closed(CloseCause.OVERFLOW);
        }
    }

    private void signal() {
        if (listener == null) {
            synchronized (this) {
                signalled = true;
                notifyAll();
            }
            return;
        }
        try {
            listener.onAvailable(this);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Subscription listener of topic '" + log.topic() + "' threw from onAvailable; "
                    + "other subscribers are unaffected", e);
        }
    }

    @Override
    public String topic() {
        return log.topic();
    }

    @Override
    public ServerSentEvent poll() {
        while (true) {
            ServerSentEvent event = next();
            if (event != null || closeCause != null) {
                return event;
            }
            armed = true;
            log.markWaiting();
            if (position > log.tail() || !ARMED.compareAndSet(this, true, false)) {
                return null;                                      // armed, or a broadcaster took the arm to signal
            }
        }
    }

    /** Reads the next event or marker at this position, or {@code null} when the log has nothing newer. */
    private ServerSentEvent next() {
        if (history != null && closeCause == null) {
            ServerSentEvent replayed = history.poll();
            if (history.isEmpty()) {
                history = null;
            }
            return replayed;
        }
        while (closeCause == null) {
            long at = position;
            if (at > log.tail()) {
                return null;
            }
            Entry entry = log.entryAt(at);
            if (entry != null) {
                POSITION.setRelease(this, at + 1);
                if (skipThrough != null && alreadyReplayed(entry.event())) {
                    continue;
                }
                return entry.event();
            }
            long resumeAt = log.head();                           // evicted: the log now starts here
            long missed = resumeAt - at;
            if (policy == OverflowPolicy.DISCONNECT) {
                closeBehind(missed);
                return null;
            }
            POSITION.setRelease(this, resumeAt);
            dropped += missed;
            gaps++;
            owner.countGap(missed);
            if (policy.marksGaps()) {
                return log.gapMarker(resumeAt, missed);
            }
        }
        return null;
    }

    /** Tells whether a log entry was read from the shared history already; ends the skipping at the first that was not. */
    private boolean alreadyReplayed(ServerSentEvent event) {
        Position at = log.positionOf(event);
        if (at != null && at.epoch().equals(skipThrough.epoch()) && at.sequence() <= skipThrough.sequence()) {
            return true;
        }
        skipThrough = null;
        return false;
    }

    @Override
    public ServerSentEvent poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ServerSentEvent event = poll();
            long nanos = deadline - System.nanoTime();
            if (event != null || closeCause != null || nanos <= 0) {
                return event;
            }
            synchronized (this) {
                if (!signalled && closeCause == null) {
                    TimeUnit.NANOSECONDS.timedWait(this, nanos);
                }
                signalled = false;
            }
        }
    }

    @Override
    public int pending() {
        if (closeCause != null) {
            return 0;
        }
        ArrayDeque<ServerSentEvent> replaying = history;
        long waiting = log.tail() - Math.max((long) POSITION.getAcquire(this), log.head()) + 1;
        long total = Math.max(0, waiting) + (replaying == null ? 0 : replaying.size());
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    @Override
    public long dropped() {
        return dropped;
    }

    @Override
    public long gaps() {
        return gaps;
    }

    @Override
    public boolean resyncRequired() {
        return resyncRequired;
    }

    @Override
    public boolean isClosed() {
        return closeCause != null;
    }

    @Override
    public CloseCause closeCause() {
        return closeCause;
    }

    @Override
    public void close() {
        close(CloseCause.CLIENT_CLOSED);
    }

    @Override
    public void close(CloseCause cause) {
        if (closeFirst(cause)) {
            closed(cause);
        }
    }

    private boolean closeFirst(CloseCause cause) {
        if (cause == null) {
            throw new IllegalArgumentException("close cause must not be null");
        }
        return CLOSE_CAUSE.compareAndSet(this, null, cause);
    }

    /** What follows the close that won: unregister, wake a waiting poller, tell the listener. */
    private void closed(CloseCause cause) {
        owner.unregister(this);
        synchronized (this) {
            notifyAll();
        }
        if (listener != null) {
            try {
                listener.onClosed(this, cause);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Subscription listener of topic '" + log.topic() + "' threw from onClosed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "Subscription[topic=" + log.topic() + ", position=" + (long) POSITION.getAcquire(this) + ", closed="
                + closeCause + "]";
    }
}
