package dev.melody.stream.spi.cluster;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The link of a {@link RelayBackplane} to its broker, and the listener thread's work on it: open the link, receive
 * until it breaks, announce the outage, wait and open it again.
 *
 * <p><b>Role.</b> Holds the one open {@link RelayLink} (or none), which the relay's publisher sends on. The wait
 * before reopening starts at {@code initialBackoff} and doubles to {@code maxBackoff}; it starts again from
 * {@code initialBackoff} after a link that lived at least that long (Go's rule). An outage is logged once when it
 * starts (WARNING) and once when a link is open again (INFO); each new link runs the relay's {@code onConnected}, which
 * schedules its gap notices. Each message received goes to the relay's {@link RelayReceiver}.
 *
 * <p><b>Thread-safety.</b> {@link #listen} runs on the relay's listener thread only; {@link #link}, {@link #broken}
 * and {@link #stop} may be called from any thread (the publisher, the thread closing the relay). The link is a
 * volatile field: the listener sets it when it opens one and clears it when it breaks; {@link #broken} clears it
 * for a link the publisher found broken, which ends the listener's receiving on it.
 *
 * <p><b>Lifecycle.</b> One per relay, made with it; {@link #listen} runs from the relay's start until {@link #stop},
 * after which it opens no link; {@link #closeLink} then closes what is left.
 */
final class RelayListener {

    private static final Logger LOG = System.getLogger(RelayBackplane.class.getName());

    private final RelayBackplane relay;
    private final Runnable onConnected;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile RelayLink link;                           // the open link, or null

    /**
     * @param relay the relay: its label, connector, settings and counters
     * @param onConnected run on the listener thread each time a link opens
     */
    RelayListener(RelayBackplane relay, Runnable onConnected) {
        this.relay = relay;
        this.onConnected = onConnected;
    }

    /** Returns the open link, or {@code null} while there is none. */
    RelayLink link() {
        return link;
    }

    /** Marks a link broken (once) and closes it; the listener sees it fail, logs the outage and reconnects. */
    void broken(RelayLink current, Exception cause) {
        if (link == current) {
            link = null;
            relay.rateLimited.log("send", Level.DEBUG, () -> relay.label + ": a send failed, the link is reopened: "
                    + cause);
        }
        current.close();
    }

    /** Stops listening: no link is opened any more, a wait ends at once, and the open link is closed. */
    void stop() {
        stopped = true;
        closing.countDown();
        RelayLink open = link;
        if (open != null) {
            open.close();
        }
    }

    /** Closes and forgets the link left open, if any; once the listener thread has ended. */
    void closeLink() {
        RelayLink last = link;
        if (last != null) {
            last.close();
            link = null;
        }
    }

    /**
     * The listener thread's body: opens links and receives on them until {@link #stop}.
     *
     * @param receiver what each received message is handed to
     */
    void listen(RelayReceiver receiver) {
        RelayConnector connector = relay.connector;
        RelaySettings settings = relay.settings;
        Duration backoff = settings.initialBackoff();
        long outageStarted = 0;
        boolean everConnected = false;
        while (!stopped) {
            RelayLink opened;
            try {
                opened = connector.open();
            } catch (Exception e) {
                if (stopped) {
                    return;
                }
                if (outageStarted == 0) {
                    outageStarted = System.nanoTime();
                    relay.counters.outages.increment();
                    LOG.log(Level.WARNING, relay.label + " cannot reach " + connector.describe() + " ("
                            + e + "); broadcasts are delivered on this node only until it is back; retrying every "
                            + backoff.toMillis() + " ms, doubling to " + settings.maxBackoff().toSeconds() + " s");
                }
                if (pause(backoff)) {
                    return;
                }
                backoff = doubled(backoff);
                continue;
            }
            if (stopped) {
                opened.close();
                return;
            }
            long openedAt = System.nanoTime();
            link = opened;
            relay.counters.connects.increment();
            onConnected.run();
            if (outageStarted != 0) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(openedAt - outageStarted));
                LOG.log(Level.INFO, relay.label + " reconnected to " + connector.describe() + " after about "
                        + seconds + " s; the other nodes get gap markers for what they missed");
                outageStarted = 0;
            } else if (!everConnected) {
                LOG.log(Level.INFO, relay.label + " connected to " + connector.describe());
            }
            everConnected = true;
            Exception failure = receiveUntilBroken(opened, receiver);
            if (link == opened) {
                link = null;
            }
            opened.close();
            if (stopped) {
                return;
            }
            outageStarted = System.nanoTime();
            relay.counters.outages.increment();
            LOG.log(Level.WARNING, relay.label + " lost its link to " + connector.describe() + " (" + failure
                    + "); broadcasts are delivered on this node only until it is back");
            if (System.nanoTime() - openedAt >= settings.initialBackoff().toNanos()) {
                backoff = settings.initialBackoff();      // it lived: start the backoff again (Go's rule)
            }
            if (pause(backoff)) {
                return;
            }
            backoff = doubled(backoff);
        }
    }

    private Exception receiveUntilBroken(RelayLink opened, RelayReceiver receiver) {
        while (!stopped && link == opened) {
            RelayMessage message;
            try {
                message = opened.receive(relay.settings.receiveWait());
            } catch (Exception e) {
                return e;
            }
            if (message != null) {
                receiver.handle(message);
            }
        }
        return new IllegalStateException("the link was closed after a failed send");
    }

    private Duration doubled(Duration backoff) {
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(relay.settings.maxBackoff()) > 0 ? relay.settings.maxBackoff() : next;
    }

    /** Waits, or returns {@code true} at once when the relay is closing. */
    private boolean pause(Duration wait) {
        try {
            return closing.await(wait.toMillis(), TimeUnit.MILLISECONDS) || stopped;
        } catch (InterruptedException e) {
            return stopped;
        }
    }
}
