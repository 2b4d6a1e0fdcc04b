package dev.melody.stream.impl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.WebSocketFrames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsReaderTest {

    private static StreamOptions read(Map<String, String> keys) {
        return OptionsReader.read(key -> Optional.ofNullable(keys.get(key)));
    }

    @Test
    void noKeysMeansDefaults() {
        assertEquals(StreamOptions.defaults(), read(Map.of()));
    }

    @Test
    void everyOptionHasAKey() {
        StreamOptions options = read(Map.ofEntries(
                Map.entry("melody.stream.webSocketPath", "/socket/{topic}"),
                Map.entry("melody.stream.ssePath", ""),
                Map.entry("melody.stream.originPatterns", "*.example.com, app.test"),
                Map.entry("melody.stream.readLimit", "1024"),
                Map.entry("melody.stream.subscriberBuffer", "7"),
                Map.entry("melody.stream.overflowPolicy", "drop_oldest"),
                Map.entry("melody.stream.writeTimeout", "500ms"),
                Map.entry("melody.stream.idleTimeout", "0s"),
                Map.entry("melody.stream.sseHeartbeat", "PT2M"),
                Map.entry("melody.stream.historySize", "0"),
                Map.entry("melody.stream.historyBytes", "65536"),
                Map.entry("melody.stream.historyTtl", "1h"),
                Map.entry("melody.stream.maxRetainedBytes", "8388608"),
                Map.entry("melody.stream.webSocketFrames", "JSON_ENVELOPE")));
        assertEquals(StreamOptions.builder().webSocketPath("/socket/{topic}").ssePath("")
                .originPatterns(List.of("*.example.com", "app.test")).readLimit(1024).subscriberBuffer(7)
                .overflowPolicy(OverflowPolicy.DROP_OLDEST).writeTimeout(Duration.ofMillis(500))
                .idleTimeout(Duration.ZERO).sseHeartbeat(Duration.ofMinutes(2)).historySize(0).historyBytes(65536)
                .historyTtl(Duration.ofHours(1)).maxRetainedBytes(8L << 20).webSocketFrames(WebSocketFrames.JSON_ENVELOPE).build(), options);
    }

    @Test
    void aValueBreakingARuleNamesTheKeyTheValueAndTheRule() {
        assertMessage("melody.stream.subscriberBuffer='0' must be between 1 and 1000000",
                Map.of("melody.stream.subscriberBuffer", "0"));
        assertMessage("melody.stream.readLimit='lots' must be a whole number",
                Map.of("melody.stream.readLimit", "lots"));
        assertMessage("melody.stream.overflowPolicy='block' must be one of [GAP_MARKER, DROP_OLDEST, DROP_NEWEST, DISCONNECT]",
                Map.of("melody.stream.overflowPolicy", "block"));
        assertMessage("melody.stream.writeTimeout='10' must be a duration such as 500ms, 10s, 2m, 1h or PT10S",
                Map.of("melody.stream.writeTimeout", "10"));
        assertMessage("melody.stream.writeTimeout='0s' must be positive",
                Map.of("melody.stream.writeTimeout", "0s"));
        assertMessage("melody.stream.historyBytes='16MB' must be a whole number of bytes",
                Map.of("melody.stream.historyBytes", "16MB"));
        assertMessage("melody.stream.maxRetainedBytes='1024' must be between 1048576 and 1099511627776 (bytes)",
                Map.of("melody.stream.maxRetainedBytes", "1024"));
        assertMessage("melody.stream.historyTtl='-1s' must be a duration",
                Map.of("melody.stream.historyTtl", "-1s"));
        assertMessage("melody.stream.webSocketPath='ws' must be empty",
                Map.of("melody.stream.webSocketPath", "ws"));
    }

    private static void assertMessage(String expected, Map<String, String> keys) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> read(keys));
        assertEquals(true, e.getMessage().contains(expected), e.getMessage());
    }
}
