package dev.melody.stream.benchmarks.load;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The connections of one target in one measurement (for example 10,000 WebSocket clients of the hub on one
 * topic): opens them with a bounded number of handshakes in flight, counts deliveries, and sums up sequence checks
 * and latencies at the end.
 *
 * <p><b>Thread-safety.</b> Counters updated by the loops are {@link LongAdder}s or atomics; per-connection fields
 * and the per-loop histograms are read through tasks run on each loop's thread ({@link #tally}).
 *
 * <p><b>Lifecycle.</b> Made by a scenario, {@link #open}ed once, {@link #close}d once.
 */
final class Cohort implements ConnectionListener {

    static final int MAX_HANDSHAKES_IN_FLIGHT = 200;
    static final long HIGHEST_LATENCY_MICROS = 600_000_000L;
    static final int LATENCY_DIGITS = 3;

    /** What a cohort received, summed over its connections. */
    record Tally(long received, long lost, long duplicated, long outOfOrder, long connections, long open,
                 Histogram latency) {
    }

    private final Target target;
    private final List<IoLoop> loops;
    private final Histogram[] latencies;            // one per loop, written only on that loop's thread
    private final List<ClientConnection> connections = new ArrayList<>();
    private final LongAdder delivered = new LongAdder();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final LongAdder unparsable = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Semaphore handshakes = new Semaphore(MAX_HANDSHAKES_IN_FLIGHT);
    private volatile long lastDeliveryNanos;

    Cohort(Target target, List<IoLoop> loops) {
        this.target = target;
        this.loops = loops;
        this.latencies = new Histogram[loops.size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = new Histogram(HIGHEST_LATENCY_MICROS, LATENCY_DIGITS);
        }
    }

    Target target() {
        return target;
    }

    /**
     * Opens {@code healthy + stalled} connections to the target's path for {@code topic} and waits until each has
     * opened or failed, at most {@code timeoutMillis}.
     *
     * @return the number of connections open
     */
    int open(InetSocketAddress server, String contextPath, String topic, Sizes sizes, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String path = contextPath + target.path(topic);
        int total = sizes.healthy() + sizes.stalled();
        for (int i = 0; i < total; i++) {
            if (!handshakes.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            IoLoop loop = loops.get(i % loops.size());
            boolean stalled = i >= sizes.healthy();
            ClientConnection connection = target.sse()
                    ? new SseClientConnection(this, loop, stalled, target.opensAtHead())
                    : new WebSocketClientConnection(this, loop, stalled);
            connections.add(connection);
            connection.start(server, path);
        }
        while (opened.get() + failed.get() < connections.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return opened.get();
    }

    /** Sizes of a cohort: connections that read, and connections that stop reading once open. */
    record Sizes(int healthy, int stalled) {
    }

    @Override
    public void opened(ClientConnection connection) {
        opened.incrementAndGet();
        handshakes.release();
    }

    @Override
    public void failed(ClientConnection connection, String why) {
        failed.incrementAndGet();
        handshakes.release();
        firstFailure.compareAndSet(null, why);
    }

    @Override
    public void closed(ClientConnection connection, boolean wasOpen) {
        // counted in tally(): a connection the server closed shows as not open
    }

    @Override
    public void unparsable() {
        unparsable.increment();
    }

    /** One message arrived on a connection of this cohort; called on loop {@code loop}'s thread. */
    @Override
    public void delivered(int loop, long seq, long latencyMicros) {
        delivered.increment();
        latencies[loop].recordValue(Math.max(0, Math.min(latencyMicros, HIGHEST_LATENCY_MICROS)));
        lastDeliveryNanos = System.nanoTime();
    }

    /** Returns how many connections have opened so far. */
    int openCount() {
        return opened.get();
    }

    long deliveredSoFar() {
        return delivered.sum();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    int failures() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    long unparsableCount() {
        return unparsable.sum();
    }

    /**
     * Sums the healthy connections' sequence checks, counting as lost what never arrived of {@code published}.
     *
     * @param published how many messages were published to the topic
     */
    Tally tally(long published) throws Exception {
        List<CompletableFuture<long[]>> parts = new ArrayList<>();
        Histogram merged = new Histogram(HIGHEST_LATENCY_MICROS, LATENCY_DIGITS);
        for (IoLoop loop : loops) {
            parts.add(loop.call(() -> {
                long[] sums = new long[6];
                for (int i = loop.index(); i < connections.size(); i += loops.size()) {
                    ClientConnection c = connections.get(i);
                    if (!c.isStalled()) {
                        sums[0] += c.received;
                        sums[1] += c.lost(published);
                        sums[2] += c.duplicated;
                        sums[3] += c.outOfOrder;
                        sums[4]++;
                        sums[5] += c.isOpen() ? 1 : 0;
                    }
                }
                synchronized (merged) {
                    merged.add(latencies[loop.index()]);
                }
                return sums;
            }));
        }
        long[] total = new long[6];
        for (CompletableFuture<long[]> part : parts) {
            long[] sums = part.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < total.length; i++) {
                total[i] += sums[i];
            }
        }
        return new Tally(total[0], total[1], total[2], total[3], total[4], total[5], merged);
    }

    /** Resets the latency histograms (after a warm-up publication). */
    void resetLatencies() throws Exception {
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (IoLoop loop : loops) {
            parts.add(loop.call(() -> {
                latencies[loop.index()].reset();
                return true;
            }));
        }
        for (CompletableFuture<Boolean> part : parts) {
            part.get(30, TimeUnit.SECONDS);
        }
    }

    /** Closes every connection of this cohort, each on its own loop's thread, and waits for that. */
    void close() throws Exception {
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (IoLoop loop : loops) {
            parts.add(loop.call(() -> {
                for (int i = loop.index(); i < connections.size(); i += loops.size()) {
                    connections.get(i).closeQuietly();
                }
                return true;
            }));
        }
        for (CompletableFuture<Boolean> part : parts) {
            part.get(60, TimeUnit.SECONDS);
        }
    }
}
