package dev.melody.stream.impl.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    private final PathTemplate template = new PathTemplate("/ws/{topic}");

    @Test
    void variableSegmentIsDecoded() {
        assertEquals(Map.of("topic", "device 42+é"), template.match("/ws/device%2042+%C3%A9"));
    }

    @Test
    void otherPathsDoNotMatch() {
        assertNull(template.match("/ws/a/b"));
        assertNull(template.match("/"));
        assertNull(template.match("/wss/"));
        assertNull(template.match("/other/a"));
    }

    @Test
    void theStreamPathWithoutItsTopicMatchesWithoutTheVariable() {
        assertEquals(Map.of(), template.match("/ws/"));
        assertEquals(Map.of(), template.match("/ws"));
        assertEquals(Map.of(), template.matchTail("/app/ws/"));
    }

    @Test
    void onlyTrailingVariablesMayBeMissing() {
        PathTemplate inner = new PathTemplate("/ws/{topic}/live");
        assertNull(inner.match("/ws"));
        assertNull(inner.match("/ws/t"));
        assertEquals(Map.of(), inner.match("/ws//live"));
        assertEquals(Map.of("topic", "t"), inner.match("/ws/t/live"));
    }

    @Test
    void tailMatchSkipsTheContextRoot() {
        assertEquals(Map.of("topic", "t"), template.matchTail("/app/ws/t"));
        assertNull(template.matchTail("/app/ws"));
    }
}
