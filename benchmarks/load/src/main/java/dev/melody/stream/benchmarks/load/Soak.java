package dev.melody.stream.benchmarks.load;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * P9's reconnect soak: SSE clients of one topic that each drop their connection at random (seeded) intervals,
 * stay away a moment, and resume with {@code Last-Event-ID} set to the last event they got, while a
 * {@link BackgroundPublisher} broadcasts consecutive numbers at a steady rate. Every client subscribes before the
 * first broadcast and counts, across all its connections, the numbers it never got, got twice or out of order,
 * and the markers it got; nothing leaves the topic's log between a drop and the resume, so a correct stream
 * shows 0 of each.
 *
 * <p><b>Thread-safety.</b> The schedule (when to drop, when to resume) is the scenario thread's; each client's
 * connections and counts are confined to its loop, reached through tasks on it.
 *
 * <p><b>Lifecycle.</b> {@link #open}, {@link #drive} while the publisher runs, {@link #awaitComplete},
 * {@link #tally}, {@link #close}; once.
 */
final class Soak {

    static final long TICK_MILLIS = 20;
    static final long MAX_AWAY_MILLIS = 2_000;

    /** Sums over the clients. */
    record Tally(long distinct, long lost, long duplicated, long outOfOrder, long markers, long reconnects,
                 long serverCloses, long failures, String firstFailure, long unparsable, long open) {
    }

    private final List<IoLoop> loops;
    private final InetSocketAddress server;
    private final String path;
    private final List<Client> clients = new ArrayList<>();
    private final Random random;

    Soak(List<IoLoop> loops, InetSocketAddress server, String contextPath, String topic, long seed) {
        this.loops = loops;
        this.server = server;
        this.path = contextPath + Target.HUB_SSE.path(topic);
        this.random = new Random(seed);
    }

    /** Opens {@code count} clients and waits until each has opened, at most {@code timeoutMillis}; returns how many. */
    int open(int count, long timeoutMillis) throws Exception {
        for (int i = 0; i < count; i++) {
            Client client = new Client(loops.get(i % loops.size()));
            clients.add(client);
            client.loop.execute(client::resume);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int open;
        while ((open = (int) tally(0).open()) < count && System.nanoTime() < deadline) {
            Thread.sleep(TICK_MILLIS);
        }
        return open;
    }

    /**
     * Drops and resumes clients at random while the publisher runs: each stays connected for between
     * {@code minMillis} and {@code maxMillis} (once it has an event to resume from), then away for up to
     * {@value #MAX_AWAY_MILLIS} ms. Ends with every client connected.
     */
    void drive(BackgroundPublisher publisher, long minMillis, long maxMillis, long timeoutMillis)
            throws InterruptedException {
        long now = System.nanoTime();
        for (Client client : clients) {
            client.nextAction = now + nanosBetween(minMillis, maxMillis);
        }
        long deadline = now + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!publisher.isDone() && System.nanoTime() < deadline) {
            now = System.nanoTime();
            for (Client client : clients) {
                if (client.broken) {
                    client.broken = false;                           // the server ended it: resume at once
                    client.loop.execute(client::resume);
                } else if (client.nextAction <= now) {
                    if (client.away) {
                        client.away = false;
                        client.loop.execute(client::resume);
                        client.nextAction = now + nanosBetween(minMillis, maxMillis);
                    } else if (client.hasEvent) {
                        boolean reset = random.nextBoolean();
                        client.away = true;
                        client.loop.execute(() -> client.disconnect(reset));
                        client.nextAction = now + nanosBetween(0, MAX_AWAY_MILLIS);
                    }
                }
            }
            Thread.sleep(TICK_MILLIS);
        }
        for (Client client : clients) {
            if (client.away || client.broken) {
                client.away = false;
                client.broken = false;
                client.loop.execute(client::resume);
            }
        }
    }

    /**
     * Waits until every client got every number up to {@code published}, or nothing new arrived for
     * {@code quietMillis}, at most {@code timeoutMillis}.
     */
    void awaitComplete(long published, long quietMillis, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long lastDistinct = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long distinct = tally(published).distinct();
            if (distinct >= published * clients.size()) {
                return;
            }
            if (distinct != lastDistinct) {
                lastDistinct = distinct;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
                return;
            }
            Thread.sleep(TICK_MILLIS * 10);
        }
    }

    /** Sums every client's counts against the numbers 1 to {@code published}. */
    Tally tally(long published) throws Exception {
        List<CompletableFuture<Tally>> parts = new ArrayList<>();
        for (Client client : clients) {
            parts.add(client.loop.call(() -> client.tally(published)));
        }
        long[] sums = new long[10];
        String firstFailure = null;
        for (CompletableFuture<Tally> part : parts) {
            Tally t = part.get(30, TimeUnit.SECONDS);
            long[] values = {t.distinct(), t.lost(), t.duplicated(), t.outOfOrder(), t.markers(), t.reconnects(),
                t.serverCloses(), t.failures(), t.unparsable(), t.open()};
            for (int i = 0; i < sums.length; i++) {
                sums[i] += values[i];
            }
            firstFailure = firstFailure == null ? t.firstFailure() : firstFailure;
        }
        return new Tally(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], firstFailure,
                sums[8], sums[9]);
    }

    int clients() {
        return clients.size();
    }

    /** Closes every client's connection and waits for that. */
    void close() throws Exception {
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (Client client : clients) {
            parts.add(client.loop.call(() -> {
                client.closing = true;
                if (client.current != null) {
                    client.current.closeQuietly();
                }
                return true;
            }));
        }
        for (CompletableFuture<Boolean> part : parts) {
            part.get(60, TimeUnit.SECONDS);
        }
    }

    private long nanosBetween(long minMillis, long maxMillis) {
        return TimeUnit.MILLISECONDS.toNanos(minMillis + (long) (random.nextDouble() * (maxMillis - minMillis)));
    }

    /**
     * One client across its connections: the numbers it got, the id to resume from. Its fields are its loop's,
     * apart from the schedule (the scenario thread's) and the two volatile flags the loop raises for it.
     */
    private final class Client implements ConnectionListener {

        private final IoLoop loop;
        private final BitSet seen = new BitSet();
        private SseClientConnection current;
        private String lastId;
        private long highest;
        private long duplicated;
        private long outOfOrder;
        private long markers;
        private long reconnects;
        private long serverCloses;
        private long failures;
        private String firstFailure;
        private long unparsable;
        private boolean closing;
        private long nextAction;                    // scenario thread
        private boolean away;                       // scenario thread
        private volatile boolean hasEvent;
        private volatile boolean broken;

        Client(IoLoop loop) {
            this.loop = loop;
        }

        /** Opens a connection, resuming after the last event got (none at first). */
        void resume() {
            if (current != null || closing) {
                return;
            }
            if (lastId != null) {
                reconnects++;
            }
            current = new SseClientConnection(this, loop, false, lastId);
            current.start(server, path);
        }

        /** Drops the connection: a reset, or a FIN. */
        void disconnect(boolean reset) {
            SseClientConnection connection = current;
            if (connection == null) {
                return;
            }
            current = null;                         // so that closed() knows it was this client's doing
            if (reset) {
                connection.drop();
            } else {
                connection.closeQuietly();
            }
        }

        @Override
        public void opened(ClientConnection connection) {
            // counted as open in tally()
        }

        @Override
        public void failed(ClientConnection connection, String why) {
            failures++;
            firstFailure = firstFailure == null ? why : firstFailure;
        }

        @Override
        public void closed(ClientConnection connection, boolean wasOpen) {
            String id = ((SseClientConnection) connection).lastEventId();
            if (id != null) {
                lastId = id;
            }
            if (connection == current) {
                current = null;
                if (!closing) {
                    serverCloses += wasOpen ? 1 : 0;
                    broken = true;                  // not this client's doing: resume at the next tick
                }
            }
        }

        @Override
        public void delivered(int loopIndex, long seq, long latencyMicros) {
            int index = (int) Math.min(seq, Integer.MAX_VALUE - 1);
            if (seen.get(index)) {
                duplicated++;
            } else {
                seen.set(index);
            }
            if (seq < highest) {
                outOfOrder++;
            }
            highest = Math.max(highest, seq);
            hasEvent = true;
        }

        @Override
        public void marker(String type) {
            markers++;
        }

        @Override
        public void unparsable() {
            unparsable++;
        }

        Tally tally(long published) {
            long distinct = seen.cardinality();
            long lost = published - seen.get(1, (int) Math.min(published + 1, Integer.MAX_VALUE)).cardinality();
            return new Tally(distinct, Math.max(0, lost), duplicated, outOfOrder, markers, reconnects, serverCloses,
                    failures, firstFailure, unparsable, current != null && current.isOpen() ? 1 : 0);
        }
    }
}
