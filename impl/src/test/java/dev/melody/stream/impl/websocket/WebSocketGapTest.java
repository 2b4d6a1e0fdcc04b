package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.connection.CloseDetails;
import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.WebSocketFrames;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading until its topic's log has moved past it: with the JSON envelope it gets a
 * gap marker where it missed events; with frames of data only, which cannot carry a marker, it is closed instead.
 * Never a silent hole.
 */
class WebSocketGapTest {

    private static final String KILOBYTE = "k".repeat(1024);
    private static final int EVENTS = 10_000;                   // 10 MB: far past the socket buffers
    private static final Pattern ENVELOPE = Pattern.compile(
            "\\{\"id\":(null|\"([^\"]*)\"),\"event\":(null|\"([^\"]*)\"),\"data\":\"(.*)\"}");

    private static StreamOptions.Builder smallLog() {
        return StreamOptions.builder().historySize(16).writeTimeout(Duration.ofMinutes(2));
    }

    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    private static void broadcastBurst(TestServer server, String topic) {
        for (int i = 1; i <= EVENTS; i++) {
            server.hub().broadcast(topic, ServerSentEvent.of("tick", i + ":" + KILOBYTE));
        }
    }

    @Test
    void anEnvelopeClientPausedPastTheLogGetsAGapMarkerThenEveryRetainedEvent() throws Exception {
        StreamOptions options = smallLog().webSocketFrames(WebSocketFrames.JSON_ENVELOPE).build();
        try (TestServer server = TestServer.webSocket(options)) {
            TestClient paused = TestClient.connect(server, "/ws/burst", false, Map.of());
            server.events().awaitOpened();
            broadcastBurst(server, "burst");
            server.hub().broadcast("burst", ServerSentEvent.of("end", ""));
            paused.resume();

            long expected = 1;
            long missed = 0;
            while (true) {
                Matcher frame = ENVELOPE.matcher(paused.next());
                assertTrue(frame.matches(), frame::toString);
                if ("end".equals(frame.group(4))) {
                    break;
                }
                long sequence = sequence(frame.group(2));
                if (StreamMarkers.GAP.equals(frame.group(4))) {
                    long gap = Long.parseLong(frame.group(5).replaceAll("\\D", ""));
                    assertEquals(expected + gap - 1, sequence, "the marker names the last event missed");
                    missed += gap;
                    expected += gap;
                    continue;
                }
                assertEquals(expected, sequence, "in order, and a hole only at a marker");
                assertEquals(expected + ":" + KILOBYTE, frame.group(5));
                expected++;
            }
            assertEquals(EVENTS + 1, expected, "every event delivered or inside a marked gap");
            assertTrue(missed > 0, "the paused client fell behind the 16-event log");
            assertEquals(missed, server.hub().statistics().dropped());
        }
    }

    @Test
    void aDataOnlyClientPausedPastTheLogIsClosedWith1008RatherThanMissEventsSilently() throws Exception {
        // No pings, as in WebSocketLoadTest: a ping read after Tyrus closed the TCP connection would be answered into
        // a closed socket, and the client would see a reset instead of the close frame
        try (TestServer server = TestServer.webSocket(smallLog().idleTimeout(Duration.ZERO).build())) {
            TestClient paused = TestClient.connect(server, "/ws/plain", false, Map.of());
            TestClient reader = TestClient.connect(server, "/ws/plain");
            server.events().awaitOpened();
            server.events().awaitOpened();
            for (int i = 1; i <= EVENTS; i++) {
                server.hub().broadcast("plain", ServerSentEvent.of(i + ":" + KILOBYTE));
                assertEquals(i + ":" + KILOBYTE, reader.next(), "a reader that keeps up gets everything");
            }
            paused.resume();

            int next = 1;
            long deadline = System.nanoTime() + Timeouts.WAIT.toNanos();
            while ((!paused.closed.isDone() || !paused.messages.isEmpty()) && System.nanoTime() < deadline) {
                String message = paused.messages.poll(100, TimeUnit.MILLISECONDS);
                if (message != null) {
                    assertEquals(next + ":" + KILOBYTE, message, "what arrives before the close has no hole");
                    next++;
                }
            }
            assertEquals(new TestClient.Close(1008, CloseDetails.TOO_SLOW), paused.awaitClose());
            assertTrue(next <= EVENTS, "it did not get everything");
            assertEquals(CloseCause.OVERFLOW, server.events().awaitClosed().cause());
            assertEquals(1, server.hub().subscriberCount("plain"));
        }
    }
}
