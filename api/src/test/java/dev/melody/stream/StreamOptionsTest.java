package dev.melody.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StreamOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        StreamOptions defaults = StreamOptions.defaults();
        assertEquals("/ws/{topic}", defaults.webSocketPath());
        assertEquals("/melody/events/{topic}", defaults.ssePath());
        assertEquals(List.of(), defaults.originPatterns());
        assertEquals(32 * 1024, defaults.readLimit());
        assertEquals(16, defaults.subscriberBuffer());
        assertEquals(OverflowPolicy.GAP_MARKER, defaults.overflowPolicy());
        assertEquals(Duration.ofSeconds(10), defaults.writeTimeout());
        assertEquals(Duration.ofSeconds(30), defaults.idleTimeout());
        assertEquals(Duration.ofSeconds(15), defaults.sseHeartbeat());
        assertEquals(16_384, defaults.historySize());
        assertEquals(16L << 20, defaults.historyBytes());
        assertEquals(Duration.ofMinutes(5), defaults.historyTtl());
        assertEquals(128L << 20, defaults.maxRetainedBytes());
        assertEquals(WebSocketFrames.DATA_TEXT, defaults.webSocketFrames());
        assertEquals(java.util.Map.of(), defaults.settings());
    }

    @Test
    void settingsAreKeptByKeyAndTheirValuesNeverPrinted() {
        StreamOptions options = StreamOptions.builder().setting("melody.stream.redis.uri", "redis://u:secret@h:1")
                .setting("melody.stream.redis.channel", "c").setting("melody.stream.redis.channel", null).build();

        assertEquals(java.util.Optional.of("redis://u:secret@h:1"), options.setting("melody.stream.redis.uri"));
        assertEquals(java.util.Optional.empty(), options.setting("melody.stream.redis.channel"), "null removes");
        assertTrue(options.toString().contains("settings=[melody.stream.redis.uri]"), options.toString());
        assertTrue(!options.toString().contains("secret"), "values may hold credentials: " + options);
        assertEquals(options, options.toBuilder().build());
    }

    @Test
    void toBuilderRoundTrips() {
        StreamOptions options = StreamOptions.builder().subscriberBuffer(3).historySize(0)
                .originPatterns(List.of("*.example.com")).idleTimeout(Duration.ZERO).webSocketPath("").historyBytes(4096)
                .historyTtl(Duration.ZERO).maxRetainedBytes(1L << 30).build();
        assertEquals(options, options.toBuilder().build());
    }

    @Test
    void everyRuleNamesTheOptionTheValueAndTheRule() {
        assertRefused("subscriberBuffer", "0", b -> b.subscriberBuffer(0));
        assertRefused("subscriberBuffer", "1000001", b -> b.subscriberBuffer(1_000_001));
        assertRefused("historySize", "-1", b -> b.historySize(-1));
        assertRefused("readLimit", "0", b -> b.readLimit(0));
        assertRefused("writeTimeout", "PT0S", b -> b.writeTimeout(Duration.ZERO));
        assertRefused("idleTimeout", "PT-1S", b -> b.idleTimeout(Duration.ofSeconds(-1)));
        assertRefused("sseHeartbeat", "null", b -> b.sseHeartbeat(null));
        assertRefused("webSocketPath", "ws", b -> b.webSocketPath("ws"));
        assertRefused("ssePath", "/a b", b -> b.ssePath("/a b"));
        assertRefused("originPatterns", " ", b -> b.originPatterns(List.of(" ")));
        assertRefused("overflowPolicy", "null", b -> b.overflowPolicy(null));
        assertRefused("historyBytes", "1023", b -> b.historyBytes(1023));
        assertRefused("historyTtl", "PT-1S", b -> b.historyTtl(Duration.ofSeconds(-1)));
        assertRefused("maxRetainedBytes", "1048575", b -> b.maxRetainedBytes((1L << 20) - 1));
        assertRefused("maxRetainedBytes", "1099511627777", b -> b.maxRetainedBytes((1L << 40) + 1));
        assertRefused("settings", " ", b -> b.setting(" ", "x"));
    }

    private static void assertRefused(String option, String value, UnaryOperator<StreamOptions.Builder> change) {
        InvalidStreamOptionException e = assertThrows(InvalidStreamOptionException.class,
                () -> change.apply(StreamOptions.builder()).build());
        assertEquals(option, e.option());
        assertEquals(value, e.value());
        assertTrue(e.getMessage().contains("StreamOptions." + option + " " + e.rule()), e.getMessage());
    }
}
