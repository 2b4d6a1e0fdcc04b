package dev.melody.stream.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.config.BackplaneDiscovery;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.redis.testing.RedisProcess;
import dev.melody.stream.spi.Backplane;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The jar on the class path and one key are all it takes: the library's own discovery finds and configures it. */
class DiscoveryTest {

    @Test
    void libraryDiscoveryMakesTheRedisBackplaneFromTheUriAlone() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            StreamOptions options = StreamOptions.builder().setting(RedisSettings.URI, redis.uri()).build();
            Optional<Backplane> found = BackplaneDiscovery.discover(options, "discovered");
            RedisBackplane backplane = assertInstanceOf(RedisBackplane.class, found.orElseThrow());
            DefaultServerSentEventHub hub = new DefaultServerSentEventHub(options, backplane);
            try {
                Node.Reader reader = new Node.Reader(hub.subscribe("t", null, s -> { }));
                hub.broadcast("t", ServerSentEvent.of("x"));
                String id = reader.await(1).get(0).id();
                assertTrue(ClusterId.parse(id) != null, id);
                assertEquals(1, backplane.statistics().published());
            } finally {
                hub.shutdown();
            }
            assertEquals(RedisBackplane.State.CLOSED, backplane.statistics().state());
        }
    }

    @Test
    void libraryDiscoveryFailsOnABadUriWithoutThePassword() {
        StreamOptions options = StreamOptions.builder().setting(RedisSettings.URI, "tcp://u:topsecret@h:1").build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> BackplaneDiscovery.discover(options, "bad"));
        assertTrue(e.getMessage().contains("melody.stream.redis.uri"), e.getMessage());
        assertTrue(!e.getMessage().contains("topsecret"), e.getMessage());
    }
}
