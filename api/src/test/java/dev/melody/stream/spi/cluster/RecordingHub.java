package dev.melody.stream.spi.cluster;

import dev.melody.stream.HubStatistics;
import dev.melody.stream.Replay;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one hub method a relay calls, {@code deliverLocal}, recorded in order for the relay's unit tests (the real hub
 * lives in the implementation module, which the API does not know); every other method is out of scope here.
 * Thread-safe.
 */
final class RecordingHub implements ServerSentEventHub {

    /** One delivery. */
    record Delivered(String topic, ServerSentEvent event) {
    }

    private final LinkedBlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();

    /** Returns the next delivery, waiting at most 10 s, or {@code null}. */
    Delivered next() throws InterruptedException {
        return delivered.poll(10, TimeUnit.SECONDS);
    }

    /** Returns the next delivery within a short wait, to prove that nothing more comes; or {@code null}. */
    Delivered nextWithin(Duration wait) throws InterruptedException {
        return delivered.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int deliverLocal(String topic, ServerSentEvent event) {
        delivered.add(new Delivered(topic, event));
        return 1;
    }

    @Override
    public int broadcast(String topic, ServerSentEvent event) {
        throw new UnsupportedOperationException("a relay never broadcasts");
    }

    @Override
    public Subscription subscribe(String topic) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subscription subscribe(String topic, SubscriptionListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subscription subscribe(String topic, String lastEventId, SubscriptionListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Replay replay(String topic, String afterId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int subscriberCount(String topic) {
        return 0;
    }

    @Override
    public Set<String> topics() {
        return Set.of();
    }

    @Override
    public HubStatistics statistics() {
        throw new UnsupportedOperationException();
    }

    @Override
    public StreamOptions options() {
        return StreamOptions.defaults();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public void shutdown() {
    }
}
