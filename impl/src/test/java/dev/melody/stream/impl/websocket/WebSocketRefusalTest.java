package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.testing.TestAuthorizer;
import dev.melody.stream.impl.testing.TestEvents;
import dev.melody.stream.impl.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a clear answer and nobody else notices: foreign origins, bad or unauthorized topics, oversized
 * frames, invalid UTF-8 and failing observers. (Tyrus alone has no servlet layer, so refusals decided after
 * {@code checkOrigin} are answered with close 1008 and the reason; on servlet servers the access filter answers
 * them with 403/400 first.)
 */
class WebSocketRefusalTest {

    private static final StreamOptions PATTERNS = StreamOptions.builder()
            .originPatterns(List.of("*.example.com")).build();

    @Test
    void foreignOriginIsRefusedWith403BeforeTheUpgrade() throws Exception {
        try (TestServer server = TestServer.webSocket(PATTERNS);
             RawWebSocket raw = RawWebSocket.connect(server, "/ws/t", "https://evil.test")) {
            assertEquals(403, raw.status);
            assertEquals(0, server.hub().subscriberCount("t"));
        }
    }

    @Test
    void matchingOriginAndNoOriginPass() throws Exception {
        try (TestServer server = TestServer.webSocket(PATTERNS)) {
            TestClient.connect(server, "/ws/t", true, Map.of("Origin", "https://App.Example.com"));
            TestClient.connect(server, "/ws/t");
            server.events().awaitOpened();
            server.events().awaitOpened();
            assertEquals(2, server.hub().subscriberCount("t"));
        }
    }

    @Test
    void sameOriginModeRefusesAnotherPortWithACloseCarryingTheReason() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient foreign = TestClient.connect(server, "/ws/t", true, Map.of("Origin", "http://localhost:1"));
            assertEquals(new TestClient.Close(1008, AccessDecision.REASON_ORIGIN_REFUSED), foreign.awaitClose());
            String origin = server.origin(Transport.WEBSOCKET);
            TestClient same = TestClient.connect(server, "/ws/t", true, Map.of("Origin", origin));
            server.events().awaitOpened();
            assertEquals(1, server.hub().subscriberCount("t"));
            assertFalse(same.socket().isInputClosed());
        }
    }

    @Test
    void missingInvalidAndUnauthorizedTopicsAreRefusedBeforeAnythingIsSubscribed() throws Exception {
        StreamOptions queryTopic = StreamOptions.builder().webSocketPath("/ws").build();
        try (TestServer server = TestServer.webSocket(queryTopic)) {
            assertRefused(server, "/ws", AccessDecision.REASON_TOPIC_MISSING);
            assertRefused(server, "/ws?topic=", AccessDecision.REASON_TOPIC_MISSING);
            assertRefused(server, "/ws?topic=a%01b", AccessDecision.REASON_TOPIC_INVALID);
            assertRefused(server, "/ws?topic=" + "x".repeat(257), AccessDecision.REASON_TOPIC_INVALID);
            assertRefused(server, "/ws?topic=" + TestAuthorizer.DENIED, AccessDecision.REASON_TOPIC_REFUSED);
            TestClient fine = TestClient.connect(server, "/ws?topic=ok");
            assertEquals("ok", server.events().awaitOpened().connection().topic());
            assertTrue(server.hub().topics().stream().allMatch(topic -> topic.equals("ok")));
            assertEquals(1, server.bean(WebSocketTransport.class).openConnections());
            fine.closeNormally();
        }
    }

    private static void assertRefused(TestServer server, String path, String reason) throws Exception {
        TestClient client = TestClient.connect(server, path);
        assertEquals(new TestClient.Close(1008, reason), client.awaitClose(), path);
        assertTrue(server.events().noLifecycleEventWaiting(), "no StreamOpened for a refused client");
    }

    @Test
    void messageOverTheReadLimitClosesThatClientWith1009() throws Exception {
        StreamOptions small = StreamOptions.builder().readLimit(64).build();
        try (TestServer server = TestServer.webSocket(small)) {
            TestClient bystander = TestClient.connect(server, "/ws/t");
            TestClient big = TestClient.connect(server, "/ws/t");
            server.events().awaitOpened();
            server.events().awaitOpened();
            big.socket().sendText("é".repeat(40), true);                  // 40 chars, 80 bytes
            assertEquals(1009, big.awaitClose().code());
            assertClosedAndOthersServed(server, bystander, CloseCause.SERVER_CLOSED);
        }
    }

    @Test
    void invalidUtf8TextClosesThatClientWith1007() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient bystander = TestClient.connect(server, "/ws/t");
            server.events().awaitOpened();
            try (RawWebSocket raw = RawWebSocket.connect(server, "/ws/t", null)) {
                assertEquals(101, raw.status);
                server.events().awaitOpened();
                raw.sendTextFrame(new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
                assertEquals(1007, raw.awaitCloseCode());
            }
            assertClosedAndOthersServed(server, bystander, CloseCause.SERVER_CLOSED);
        }
    }

    @Test
    void observerThatThrowsClosesOnlyItsConnectionWith1011() throws Exception {
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            TestClient bystander = TestClient.connect(server, "/ws/t");
            TestClient failing = TestClient.connect(server, "/ws/t");
            server.events().awaitOpened();
            server.events().awaitOpened();
            failing.send(TestEvents.THROW);
            assertEquals(new TestClient.Close(1011, WebSocketCloses.REASON_OBSERVER_FAILED), failing.awaitClose());
            assertClosedAndOthersServed(server, bystander, CloseCause.SERVER_CLOSED);
        }
    }

    @Test
    void observersMadeToThrowByEveryMessageLogAtMostOneShortLineWithoutStackTrace() throws Exception {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(WebSocketInbound.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        try (TestServer server = TestServer.webSocket(StreamOptions.defaults())) {
            for (int i = 0; i < 10; i++) {
                TestClient failing = TestClient.connect(server, "/ws/t");
                failing.send(TestEvents.THROW);
                assertEquals(1011, failing.awaitClose().code());
            }
        } finally {
            jul.removeHandler(handler);
        }
        List<LogRecord> warnings = records.stream()
                .filter(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertTrue(warnings.size() <= 1, "throttled: " + warnings.size() + " warnings for 10 failures");
        for (LogRecord warning : warnings) {
            assertNull(warning.getThrown(), "no stack trace in the warning");
            assertTrue(warning.getMessage().length() < 500, warning.getMessage());
        }
    }

    private static void assertClosedAndOthersServed(TestServer server, TestClient bystander, CloseCause cause)
            throws Exception {
        StreamClosed closed = server.events().awaitClosed();
        assertEquals(cause, closed.cause(), closed.detail());
        assertEquals(1, server.hub().subscriberCount("t"));
        server.hub().broadcast("t", ServerSentEvent.of("still here"));
        assertEquals("still here", bystander.next());
    }
}
