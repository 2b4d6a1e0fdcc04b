package dev.melody.stream.benchmarks.hub;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a broadcast when every subscriber is stalled and its queue is full: the slow-client path.
 * {@code DISCONNECT} is not here because its overflow closes the subscription once rather than repeating.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HubOverflowBenchmark {

    private static final String TOPIC = "bench";
    private static final ServerSentEvent EVENT = ServerSentEvent.of("tick", "x".repeat(100));

    @Param({"1", "100", "10000", "100000"})
    int subscribers;

    @Param({"DROP_NEWEST", "DROP_OLDEST"})
    OverflowPolicy policy;

    private DefaultServerSentEventHub hub;

    @Setup(Level.Trial)
    public void subscribeAndFill() {
        hub = new DefaultServerSentEventHub(StreamOptions.builder().subscriberBuffer(16).overflowPolicy(policy)
                .historySize(0).build(), null);
        for (int i = 0; i < subscribers; i++) {
            hub.subscribe(TOPIC, subscription -> { });
        }
        for (int i = 0; i < 16; i++) {
            hub.broadcast(TOPIC, EVENT);
        }
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        hub.shutdown();
    }

    @Benchmark
    public int broadcastToFullQueues() {
        return hub.broadcast(TOPIC, EVENT);
    }
}
