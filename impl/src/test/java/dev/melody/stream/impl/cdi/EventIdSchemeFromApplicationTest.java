package dev.melody.stream.impl.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.Subscription;
import dev.melody.stream.spi.EventIdScheme;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** An {@link EventIdScheme} bean (as a backplane sharing histories across nodes would provide) names the events. */
class EventIdSchemeFromApplicationTest {

    /** A scheme whose epoch is the same for every history, as a cluster-wide one would be. */
    @ApplicationScoped
    static class ClusterIds implements EventIdScheme {
        @Override
        public String newEpoch(String topic) {
            return "cluster";
        }

        @Override
        public String format(Position position) {
            return position.epoch() + "/" + position.sequence();
        }

        @Override
        public Position parse(String id) {
            int slash = id.indexOf('/');
            try {
                return slash < 0 ? null : new Position(id.substring(0, slash), Long.parseLong(id.substring(slash + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    @Test
    void theApplicationsSchemeAssignsAndReadsBackTheIds() {
        try (WeldContainer weld = new Weld().disableDiscovery().addBeanClasses(HubProducer.class, ClusterIds.class)
                .initialize()) {
            ServerSentEventHub hub = weld.select(ServerSentEventHub.class).get();
            Subscription live = hub.subscribe("t");
            hub.broadcast("t", ServerSentEvent.of("a"));
            hub.broadcast("t", ServerSentEvent.of("b"));
            assertEquals("cluster/1", live.poll().id());
            assertEquals("cluster/2", live.poll().id());
            Subscription resumed = hub.subscribe("t", "cluster/1", s -> { });
            assertFalse(resumed.resyncRequired());
            assertEquals("b", resumed.poll().data());
            assertTrue(hub.subscribe("t", "other/1", s -> { }).resyncRequired(), "another epoch");
        }
    }
}
