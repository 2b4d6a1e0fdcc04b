package dev.melody.stream.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.amqp.testing.AmqpBroker;
import dev.melody.stream.impl.config.BackplaneDiscovery;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.cluster.RelayBackplane;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The jar on the class path and one key are all it takes: the library's own discovery finds and configures it. */
class DiscoveryTest {

    @Test
    void libraryDiscoveryMakesTheAmqpBackplaneFromTheUriAlone() throws Exception {
        try (AmqpBroker broker = Brokers.qpid()) {
            StreamOptions options = StreamOptions.builder().setting(AmqpSettings.URI, broker.uri()).build();
            Optional<Backplane> found = BackplaneDiscovery.discover(options, "discovered");
            RelayBackplane backplane = assertInstanceOf(RelayBackplane.class, found.orElseThrow());
            DefaultServerSentEventHub hub = new DefaultServerSentEventHub(options, backplane);
            try {
                Node.await(() -> backplane.statistics().connected(), "the discovered backplane to connect");
                Node.Reader reader = new Node.Reader(hub.subscribe("t", null, s -> { }));
                hub.broadcast("t", ServerSentEvent.of("x"));
                assertNotNull(reader.await(1).get(0).id());
                Node.await(() -> backplane.statistics().published() == 1, "the broadcast to be published");
                Node.await(() -> backplane.statistics().ownSkipped() == 1, "its own message to come back, skipped");
            } finally {
                hub.shutdown();
            }
            assertFalse(backplane.statistics().connected());
        }
    }

    @Test
    void libraryDiscoveryFailsOnABadUriWithoutThePassword() {
        StreamOptions options = StreamOptions.builder().setting(AmqpSettings.URI, "tcp://u:topsecret@h:1").build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> BackplaneDiscovery.discover(options, "bad"));
        assertTrue(e.getMessage().contains("melody.stream.amqp.uri"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    @Test
    void withoutTheUriDiscoveryFindsNoBackplane() {
        assertEquals(Optional.empty(), BackplaneDiscovery.discover(StreamOptions.defaults(), "off"));
    }
}
