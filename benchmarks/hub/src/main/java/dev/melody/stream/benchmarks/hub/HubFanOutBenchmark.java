package dev.melody.stream.benchmarks.hub;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hub's cost per subscriber delivery (target P6: at most 50 ns), with the queue taking the event and with
 * the queue full under each dropping policy.
 *
 * <p>Each invocation broadcasts one event to every subscriber of one topic and lets every subscriber take it out
 * again, as its writer would: the score is nanoseconds per broadcast, so the cost per delivery is the score
 * divided by {@code subscribers}, an upper bound of the enqueue cost since it includes the dequeue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HubFanOutBenchmark {

    private static final String TOPIC = "bench";
    private static final ServerSentEvent EVENT = ServerSentEvent.of("tick", "x".repeat(100));

    @Param({"1", "100", "10000", "100000"})
    int subscribers;

    @Param({"DROP_NEWEST", "DROP_OLDEST", "DISCONNECT"})
    OverflowPolicy policy;

    @Param({"0", "256"})
    int historySize;

    private DefaultServerSentEventHub hub;
    private Subscription[] subscriptions;

    @Setup(Level.Trial)
    public void subscribe() {
        hub = new DefaultServerSentEventHub(StreamOptions.builder().subscriberBuffer(16).overflowPolicy(policy)
                .historySize(historySize).build(), null);
        subscriptions = new Subscription[subscribers];
        for (int i = 0; i < subscribers; i++) {
            subscriptions[i] = hub.subscribe(TOPIC, subscription -> { });
        }
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        hub.shutdown();
    }

    /** Steady state: every queue takes the event, and each subscriber's writer takes it out again. */
    @Benchmark
    public void broadcastAndDrain(Blackhole sink) {
        sink.consume(hub.broadcast(TOPIC, EVENT));
        for (Subscription subscription : subscriptions) {
            sink.consume(subscription.poll());
        }
    }
}
