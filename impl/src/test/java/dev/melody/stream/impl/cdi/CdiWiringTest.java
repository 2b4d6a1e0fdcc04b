package dev.melody.stream.impl.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Broadcast;
import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

/** The hub as a CDI bean: injectable, fed by fired {@link Broadcast} events, shut down with the container. */
@EnableWeld
class CdiWiringTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @WeldSetup
    WeldInitiator weld = WeldInitiator.of(WeldInitiator.createWeld()
            .beanClasses(HubProducer.class, BroadcastObserver.class).addExtension(new StartupValidation()));

    @Inject
    ServerSentEventHub hub;

    @Inject
    Event<Broadcast> broadcasts;

    @Test
    void hubIsInjectableAndRunsWithDefaultOptions() {
        assertNotNull(hub);
        assertEquals(StreamOptions.defaults(), hub.options());
    }

    @Test
    void firedBroadcastReachesAnInJvmSubscriber() throws Exception {
        Subscription subscription = hub.subscribe("device-42");
        broadcasts.fire(new Broadcast("device-42", ServerSentEvent.of("task.created", "{\"id\":1}")));
        ServerSentEvent received = subscription.poll(WAIT);
        assertEquals("task.created", received.event());
        assertEquals("{\"id\":1}", received.data());
    }

    @Test
    void asyncFiredBroadcastReachesAnInJvmSubscriber() throws Exception {
        Subscription subscription = hub.subscribe("device-42");
        broadcasts.fireAsync(Broadcast.of("device-42", "async")).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("async", subscription.poll(WAIT).data());
        assertEquals(1, hub.statistics().broadcasts(), "the async event is delivered once, not twice");
    }

    @Test
    void containerShutdownShutsTheHubDown() {
        Subscription subscription = hub.subscribe("t");
        weld.shutdown();
        assertTrue(subscription.isClosed());
        assertEquals(CloseCause.SHUTDOWN, subscription.closeCause());
    }
}
