package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.spi.Backplane;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The backplane hook: broadcasts are published, local deliveries are not, failures are counted and contained. */
class BackplaneHandOffTest {

    /** Records publications; fails them on demand, by throwing or by a failed stage. */
    private static final class RecordingBackplane implements Backplane {
        final List<String> published = new CopyOnWriteArrayList<>();
        final AtomicInteger mode = new AtomicInteger();   // 0 ok, 1 throw, 2 failed stage
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public CompletionStage<?> publish(String topic, ServerSentEvent event) {
            switch (mode.get()) {
                case 1 -> throw new IllegalStateException("broker down");
                case 2 -> {
                    return CompletableFuture.failedFuture(new IllegalStateException("broker refused"));
                }
                default -> {
                    published.add(topic + "#" + event.id() + "=" + event.data());
                    return CompletableFuture.completedFuture(null);
                }
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void broadcastIsPublishedWithItsAssignedIdButDeliverLocalIsNot() {
        RecordingBackplane backplane = new RecordingBackplane();
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.defaults(), backplane);
        Subscription local = hub.subscribe("t");

        hub.broadcast("t", ServerSentEvent.of("mine"));
        hub.deliverLocal("t", ServerSentEvent.of("remote").withId("node-b-1"));

        assertEquals(1, backplane.published.size());
        String published = backplane.published.get(0);
        assertEquals(1, LogIds.sequence(published.substring(2, published.indexOf('='))), published);
        assertEquals("t#" + local.poll().id() + "=mine", published, "published with the id subscribers see");
        assertEquals("remote", local.poll().data());
    }

    @Test
    void publishFailuresAreCountedAndNeverReachTheBroadcaster() {
        RecordingBackplane backplane = new RecordingBackplane();
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.defaults(), backplane);
        Subscription local = hub.subscribe("t");

        backplane.mode.set(1);
        assertEquals(1, hub.broadcast("t", ServerSentEvent.of("a")));
        backplane.mode.set(2);
        assertEquals(1, hub.broadcast("t", ServerSentEvent.of("b")));
        backplane.mode.set(0);
        assertEquals(1, hub.broadcast("t", ServerSentEvent.of("c")));

        assertEquals(2, hub.statistics().backplaneFailures());
        assertEquals(3, local.pending(), "local delivery is unaffected by the backplane");
    }

    @Test
    void shutdownClosesTheBackplaneOnceAndPublishesNothingAfterwards() {
        RecordingBackplane backplane = new RecordingBackplane();
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.defaults(), backplane);
        hub.shutdown();
        hub.broadcast("t", ServerSentEvent.of("late"));
        assertTrue(backplane.closed.get());
        assertTrue(backplane.published.isEmpty());
    }

    @Test
    void aClientResumesAfterAnEventAnotherNodeNamedAsLongAsThisNodeHoldsIt() {
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.defaults(), null);
        hub.broadcast("t", ServerSentEvent.of("local"));
        hub.deliverLocal("t", ServerSentEvent.of("remote 1").withId("0123456789ab-1"));
        hub.deliverLocal("t", ServerSentEvent.of("remote 2").withId("0123456789ab-2"));
        Subscription resumed = hub.subscribe("t", "0123456789ab-1", s -> { });
        assertEquals(false, resumed.resyncRequired());
        assertEquals("remote 2", resumed.poll().data());
        assertEquals(true, hub.subscribe("t", "0123456789ab-3", s -> { }).resyncRequired(),
                "an id of that history this node never saw");
    }
}
