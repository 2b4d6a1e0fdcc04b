package dev.melody.stream.benchmarks.load;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * P8's connect/disconnect cycles against one target: each cycle connects to the topic, waits for the first event
 * (a {@link BackgroundPublisher} broadcasts to it meanwhile), then disconnects, half of the cycles cleanly
 * (WebSocket: the closing handshake; SSE: a FIN) and half abruptly (a reset), picked by a seeded random. At most
 * {@value #IN_FLIGHT} cycles are in flight; each has {@value #CYCLE_TIMEOUT_MILLIS} ms to get its event, or fails,
 * and a clean WebSocket close {@value #CLOSE_TIMEOUT_MILLIS} ms more to be answered, else the client resets the
 * connection and counts the close as unanswered.
 *
 * <p><b>Thread-safety.</b> {@link #run} on the scenario thread; each cycle's state is confined to its connection's
 * loop; the totals are atomics.
 *
 * <p><b>Lifecycle.</b> One instance per {@link #run}.
 */
final class Churn {

    static final int IN_FLIGHT = 100;
    static final long CYCLE_TIMEOUT_MILLIS = 30_000;
    static final long CLOSE_TIMEOUT_MILLIS = 5_000;
    static final String NOT_UPGRADED = "upgrade refused: http/1.1 200";
    static final long SWEEP_MILLIS = 100;
    private static final double NANOS_PER_MILLI = 1e6;

    /**
     * What a run did.
     *
     * @param cycles cycles started
     * @param completed cycles that got their first event and closed as planned
     * @param failures cycles that failed (refused, closed early, timed out)
     * @param firstFailure the first failure's reason, or {@code null}
     * @param clean completed cycles closed cleanly
     * @param dropped completed cycles closed with a reset
     * @param nanos from the first start to the last close
     * @param openMillis mean time from the start to the open stream, over the completed cycles
     * @param eventMillis mean time from the open stream to the first event
     * @param cleanCloseMillis mean time from the start of a clean close to the closed socket
     * @param closeUnanswered clean WebSocket closes the server neither answered nor ended within
     *        {@value #CLOSE_TIMEOUT_MILLIS} ms; the client then reset the connection, as a browser gives up
     * @param notUpgraded WebSocket handshakes the server answered {@code 200} instead of upgrading: its
     *        WebSocket layer let the request through to the servlets (the library refuses with 400, 403 or 500);
     *        counted apart from the failures
     */
    record Outcome(long cycles, long completed, long failures, String firstFailure, long clean, long dropped,
                   long nanos, double openMillis, double eventMillis, double cleanCloseMillis, long closeUnanswered,
                   long notUpgraded) {
    }

    private final Target target;
    private final List<IoLoop> loops;
    private final InetSocketAddress server;
    private final String path;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Map<Cycle, Long> deadlines = new ConcurrentHashMap<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong clean = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final LongAdder openNanos = new LongAdder();
    private final LongAdder eventNanos = new LongAdder();
    private final LongAdder cleanCloseNanos = new LongAdder();
    private final AtomicLong closeUnanswered = new AtomicLong();
    private final AtomicLong notUpgraded = new AtomicLong();
    private long nextSweep;

    Churn(Target target, List<IoLoop> loops, InetSocketAddress server, String contextPath, String topic) {
        this.target = target;
        this.loops = loops;
        this.server = server;
        this.path = contextPath + target.path(topic);
    }

    /** Runs {@code cycles} cycles, seeded, within {@code timeoutMillis} in all; returns what they did. */
    Outcome run(int cycles, long seed, long timeoutMillis) throws InterruptedException {
        Random random = new Random(seed);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int started = 0;
        while (started < cycles && System.nanoTime() < deadline) {
            sweepIfDue();
            if (!inFlight.tryAcquire(SWEEP_MILLIS, TimeUnit.MILLISECONDS)) {
                continue;
            }
            IoLoop loop = loops.get(started % loops.size());
            Cycle cycle = new Cycle(random.nextBoolean());
            ClientConnection connection = target.sse() ? new SseClientConnection(cycle, loop, false)
                    : new WebSocketClientConnection(cycle, loop, false);
            cycle.connection = connection;
            deadlines.put(cycle, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CYCLE_TIMEOUT_MILLIS));
            connection.start(server, path);
            started++;
        }
        while (!deadlines.isEmpty() && System.nanoTime() < deadline + TimeUnit.MILLISECONDS.toNanos(
                CYCLE_TIMEOUT_MILLIS * 2)) {
            sweepIfDue();
            Thread.sleep(SWEEP_MILLIS / 10);
        }
        long unfinished = deadlines.size();
        double done = Math.max(1, completed.get());
        return new Outcome(started, completed.get(), failures.get() + unfinished,
                unfinished > 0 && firstFailure.get() == null ? unfinished + " cycles never finished"
                        : firstFailure.get(), clean.get(), dropped.get(), System.nanoTime() - start,
                openNanos.sum() / done / NANOS_PER_MILLI, eventNanos.sum() / done / NANOS_PER_MILLI,
                cleanCloseNanos.sum() / Math.max(1.0, clean.get()) / NANOS_PER_MILLI, closeUnanswered.get(),
                notUpgraded.get());
    }

    /** Fails, on their loops, the cycles past their deadline. */
    private void sweepIfDue() {
        long now = System.nanoTime();
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
        deadlines.forEach((cycle, due) -> {
            if (due < now) {
                deadlines.replace(cycle, due, Long.MAX_VALUE);        // once
                cycle.connection.loop().execute(cycle::timedOut);
            }
        });
    }

    private void failure(String why) {
        if (why.startsWith(NOT_UPGRADED)) {
            notUpgraded.incrementAndGet();
            return;
        }
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, why);
    }

    /** One cycle: listens to its one connection, on that connection's loop thread. */
    private final class Cycle implements ConnectionListener {

        private final boolean closeCleanly;
        private final long startNanos = System.nanoTime();
        private long openedNanos;
        private long eventNanosAt;
        private ClientConnection connection;
        private String stage = "connecting";
        private boolean gotEvent;
        private boolean failed;
        private boolean done;
        private boolean unanswered;

        Cycle(boolean closeCleanly) {
            this.closeCleanly = closeCleanly;
        }

        @Override
        public void opened(ClientConnection c) {
            stage = "waiting for the first event";
            openedNanos = System.nanoTime();
        }

        @Override
        public void delivered(int loop, long seq, long latencyMicros) {
            if (gotEvent) {
                return;
            }
            gotEvent = true;
            stage = "closing";
            eventNanosAt = System.nanoTime();
            if (!closeCleanly) {
                connection.drop();
            } else if (connection instanceof WebSocketClientConnection ws) {
                deadlines.put(this, eventNanosAt + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS));
                ws.closeCleanly();                                  // done when the server's close arrives
            } else {
                connection.closeQuietly();
            }
        }

        @Override
        public void failed(ClientConnection c, String why) {
            if (!failed && !done) {
                failed = true;
                failure(why);
            }
        }

        @Override
        public void closed(ClientConnection c, boolean wasOpen) {
            if (done) {
                return;
            }
            done = true;
            if (!failed) {
                if (gotEvent) {
                    completed.incrementAndGet();
                    (closeCleanly && !unanswered ? clean : dropped).incrementAndGet();
                    openNanos.add(openedNanos - startNanos);
                    eventNanos.add(eventNanosAt - openedNanos);
                    if (closeCleanly && !unanswered) {
                        cleanCloseNanos.add(System.nanoTime() - eventNanosAt);
                    }
                } else {
                    failure(wasOpen ? "closed by the server before the first event" : "closed before opening");
                }
            }
            deadlines.remove(this);
            inFlight.release();
        }

        @Override
        public void unparsable() {
            // the publisher's events all parse; a marker cannot come to a connection this young
        }

        void timedOut() {
            if (!done && gotEvent && closeCleanly) {
                unanswered = true;
                closeUnanswered.incrementAndGet();
                connection.drop();
            } else if (!done) {
                connection.fail("timed out " + stage + " (" + CYCLE_TIMEOUT_MILLIS + " ms)");
            }
        }
    }
}
