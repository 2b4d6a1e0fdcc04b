package dev.melody.stream.backplane.conformance;

import dev.melody.stream.spi.cluster.RelayConnector;
import dev.melody.stream.spi.cluster.RelayLink;
import dev.melody.stream.spi.cluster.RelayMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A broker in memory that behaves as a fan-out broker does for a relaying backplane: every message published on its
 * one channel reaches every link open at that moment (the sender's too), in publication order per sender; stopping it
 * breaks every open link at once (a waiting receive throws promptly) and refuses new ones; starting it again gives an
 * empty broker that keeps nothing of before.
 *
 * <p><b>Role.</b> The known-good broker of the conformance suite's own test: with
 * {@link dev.melody.stream.spi.cluster.RelayBackplane} over {@link #connector()} it shows that the suite passes
 * against a correct relaying backplane, and so that a failure elsewhere is the backplane's, not the suite's.
 *
 * <p><b>Thread-safety.</b> Thread-safe: links are used by the relays' publisher and listener threads while the test
 * thread stops and starts the broker. A link's inbox is unbounded (the suite's bursts are bounded).
 *
 * <p><b>Lifecycle.</b> Made stopped; {@link #start()}, {@link #stop()} and {@link #restart()} as often as needed;
 * nothing to close beyond {@link #stop()}.
 */
public final class LoopbackBroker {

    /** Wakes a receive waiting on a link that broke. */
    private static final RelayMessage BROKEN = new RelayMessage(new byte[0], null, 0);

    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean up;

    /** Makes a stopped broker. */
    public LoopbackBroker() {
    }

    /** Starts accepting links; idempotent. */
    public void start() {
        up = true;
    }

    /** Stops abruptly: every open link breaks, new ones are refused until {@link #start()}; idempotent. */
    public void stop() {
        up = false;
        for (Link link : links) {
            link.breakOff();
        }
    }

    /** Stops if running and starts again, empty. */
    public void restart() {
        stop();
        start();
    }

    /**
     * Tells whether the broker accepts links.
     *
     * @return {@code true} while started
     */
    public boolean isUp() {
        return up;
    }

    /**
     * Publishes on the channel as a Go node does: no origin and no sequence beside the body.
     *
     * @param body the message body, as is
     * @throws IOException if the broker is stopped
     */
    public void publishRaw(byte[] body) throws IOException {
        if (!up) {
            throw new ConnectException("loopback broker is stopped");
        }
        fanOut(new RelayMessage(body, null, 0));
    }

    /**
     * Returns a connector whose links are subscribed to this broker's channel.
     *
     * @return a connector; every {@link RelayConnector#open()} makes a new link
     */
    public RelayConnector connector() {
        return new RelayConnector() {
            @Override
            public RelayLink open() throws IOException {
                return LoopbackBroker.this.open();
            }

            @Override
            public String describe() {
                return "loopback broker";
            }
        };
    }

    /**
     * Opens a link subscribed to the channel.
     *
     * @return the link, receiving
     * @throws IOException if the broker is stopped
     */
    public RelayLink open() throws IOException {
        if (!up) {
            throw new ConnectException("loopback broker is stopped");
        }
        Link link = new Link();
        links.add(link);
        if (!up) {                     // stopped meanwhile: the stop may have missed this link
            link.breakOff();
        }
        return link;
    }

    private void fanOut(RelayMessage message) {
        for (Link link : links) {
            link.inbox.add(message);
        }
    }

    /** One subscriber of the channel; broken by the broker's stop, closed by its owner. */
    private final class Link implements RelayLink {
        final LinkedBlockingQueue<RelayMessage> inbox = new LinkedBlockingQueue<>();
        private volatile boolean broken;

        @Override
        public void send(RelayMessage message) throws IOException {
            check();
            fanOut(message);
        }

        @Override
        public RelayMessage receive(Duration wait) throws IOException, InterruptedException {
            check();
            RelayMessage message = inbox.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (message == BROKEN || broken) {
                throw new IOException("loopback link broken: the broker stopped or the link was closed");
            }
            return message;
        }

        private void check() throws IOException {
            if (broken) {
                throw new IOException("loopback link broken: the broker stopped or the link was closed");
            }
        }

        void breakOff() {
            broken = true;
            links.remove(this);
            inbox.clear();
            inbox.add(BROKEN);
        }

        @Override
        public void close() {
            breakOff();
        }
    }
}
