package dev.melody.stream.spi.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A broker in memory that fans every message out to every open link, for the relay's unit tests: it can be stopped
 * (open links break, new ones are refused) and started again, and told to lose messages on their way to one link.
 * Thread-safe.
 */
final class MemoryBroker {

    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;

    void stop() {
        up = false;
        links.forEach(Link::close);
    }

    void start() {
        up = true;
    }

    /** Publishes as a foreign node (a Go node: no origin, no sequence). */
    void publishRaw(byte[] body) {
        fanOut(new RelayMessage(body, null, 0));
    }

    private void fanOut(RelayMessage message) {
        for (Link link : links) {
            if (!link.lose.test(message)) {
                link.inbox.add(message);
            }
        }
    }

    /** A connector to this broker whose links lose the messages the filter picks (none by default). */
    RelayConnector connector(Predicate<RelayMessage> lose) {
        return connector(lose, () -> false);
    }

    /** The same, refusing to open links while {@code refuse} says so (this node alone cannot reach the broker). */
    RelayConnector connector(Predicate<RelayMessage> lose, BooleanSupplier refuse) {
        return new RelayConnector() {
            @Override
            public RelayLink open() throws Exception {
                if (!up || refuse.getAsBoolean()) {
                    throw new java.net.ConnectException("memory broker is down");
                }
                Link link = new Link(lose);
                links.add(link);
                return link;
            }

            @Override
            public String describe() {
                return "memory broker";
            }
        };
    }

    private final class Link implements RelayLink {
        final LinkedBlockingQueue<RelayMessage> inbox = new LinkedBlockingQueue<>();
        final Predicate<RelayMessage> lose;
        volatile boolean closed;

        Link(Predicate<RelayMessage> lose) {
            this.lose = lose;
        }

        @Override
        public void send(RelayMessage message) throws Exception {
            if (closed || !up) {
                throw new java.io.IOException("link closed");
            }
            fanOut(message);
        }

        @Override
        public RelayMessage receive(Duration wait) throws Exception {
            if (closed) {
                throw new java.io.IOException("link closed");
            }
            RelayMessage message = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (closed) {
                throw new java.io.IOException("link closed");
            }
            return message;
        }

        @Override
        public void close() {
            closed = true;
            links.remove(this);
        }
    }
}
