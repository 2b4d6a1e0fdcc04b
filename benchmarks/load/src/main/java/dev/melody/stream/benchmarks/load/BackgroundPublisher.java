package dev.melody.stream.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Broadcasts to one topic at a steady rate from a thread of its own while the scenario thread does something else
 * (P8's cycles, P9's reconnects): one {@code POST /bench/publish} per chunk, until the total is published or
 * {@link #stop()} is called. A single chunk gives consecutive sequence numbers 1 to the total; the server numbers
 * each chunk from 1 again.
 *
 * <p><b>Thread-safety.</b> Started and stopped by the scenario thread; the counters are atomics.
 *
 * <p><b>Lifecycle.</b> {@link #start} once, then {@link #stop} (bounded wait for the chunk in flight) or
 * {@link #awaitDone}.
 */
final class BackgroundPublisher {

    static final long MARGIN_MILLIS = 120_000;

    private final ServerControl control;
    private final Target target;
    private final String topic;
    private final double rate;
    private final int size;
    private final AtomicLong published = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private Thread thread;

    /**
     * Creates the publisher.
     *
     * @param control a control client of its own (one caller at a time)
     * @param target the target to publish through
     * @param topic the topic
     * @param rate messages per second
     * @param size characters per message
     */
    BackgroundPublisher(ServerControl control, Target target, String topic, double rate, int size) {
        this.control = control;
        this.target = target;
        this.topic = topic;
        this.rate = rate;
        this.size = size;
    }

    /** Starts publishing {@code total} messages in chunks of {@code chunk}. */
    void start(long total, int chunk) {
        thread = new Thread(() -> {
            while (!stopping && published.get() < total) {
                int count = (int) Math.min(chunk, total - published.get());
                try {
                    published.addAndGet(control.publish(target, topic, count, rate, size,
                            Duration.ofMillis((long) (count * 1000 / rate) + MARGIN_MILLIS)));
                } catch (java.io.IOException | RuntimeException e) {
                    failure.compareAndSet(null, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "load-publisher-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until every chunk is published, at most {@code timeoutMillis}; returns whether it was. */
    boolean awaitDone(long timeoutMillis) throws InterruptedException {
        thread.join(Math.max(1, timeoutMillis));
        return !thread.isAlive();
    }

    boolean isDone() {
        return !thread.isAlive();
    }

    /** Stops after the chunk in flight, waiting for it at most a chunk's duration and the margin. */
    void stop(int chunk) throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis((long) (chunk / rate) + 1) + MARGIN_MILLIS);
    }

    long published() {
        return published.get();
    }

    /** Returns why publishing stopped early, or {@code null}. */
    String failure() {
        return failure.get();
    }
}
