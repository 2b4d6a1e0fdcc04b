package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.impl.sse.EventStreamParser.Event;
import dev.melody.stream.impl.testing.TestServer;
import dev.melody.stream.impl.testing.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client that reconnects with {@code Last-Event-ID} gets every retained event after it, then live ones. */
class SseReplayTest {

    private static final int EVENTS = 3_000;
    private static final String END = "end";

    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void reconnectReplaysWithoutGapOrDuplicateWhileBroadcastsContinue() throws Exception {
        server = TestServer.sse(StreamOptions.builder().historySize(EVENTS + 10).subscriberBuffer(EVENTS + 10)
                .build());
        SseClient first = SseClient.connect(server, "/melody/events/feed").awaitOpen();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch someSent = new CountDownLatch(EVENTS / 10);
        CountDownLatch reconnected = new CountDownLatch(1);
        Thread broadcaster = new Thread(() -> broadcastAll(someSent, reconnected, failure), "test-broadcaster");
        broadcaster.start();

        List<Event> before = first.awaitEvents(EVENTS / 20);
        first.close();
        String lastSeen = before.get(before.size() - 1).lastEventId();
        SseClient byHeader = SseClient.connect(server, "/melody/events/feed", Map.of("Last-Event-ID", lastSeen))
                .awaitOpen();
        SseClient byQuery = SseClient.connect(server, "/melody/events/feed?lastEventId=" + lastSeen).awaitOpen();
        reconnected.countDown();

        assertContiguous(before, 1);
        assertContiguous(readUntilEnd(byHeader), (int) sequence(lastSeen) + 1);
        assertContiguous(readUntilEnd(byQuery), (int) sequence(lastSeen) + 1);
        broadcaster.join(Timeouts.WAIT.toMillis());
        assertNull(failure.get());
    }

    /** Broadcasts EVENTS numbered events, reaching the second half only after the clients reconnected. */
    private void broadcastAll(CountDownLatch someSent, CountDownLatch reconnected, AtomicReference<Throwable> failure) {
        try {
            for (int i = 1; i <= EVENTS; i++) {
                server.hub().broadcast("feed", ServerSentEvent.of(Integer.toString(i)));
                someSent.countDown();
                if (i == EVENTS / 2 && !reconnected.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("clients did not reconnect within " + Timeouts.WAIT);
                }
            }
            server.hub().broadcast("feed", ServerSentEvent.of(END, ""));
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static List<Event> readUntilEnd(SseClient client) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        for (Event event = client.awaitEvent(); !event.type().equals(END); event = client.awaitEvent()) {
            events.add(event);
        }
        return events;
    }

    /** Returns the sequence of a hub-assigned {@code <epoch>-<sequence>} id. */
    private static long sequence(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }

    /** Broadcasts events with the given data and returns the ids the hub gave them. */
    private List<String> broadcast(String... data) {
        Subscription probe = server.hub().subscribe("feed");
        List<String> ids = new ArrayList<>();
        for (String each : data) {
            server.hub().broadcast("feed", ServerSentEvent.of(each));
            ids.add(probe.poll().id());
        }
        probe.close();
        return ids;
    }

    private static void assertContiguous(List<Event> events, int firstId) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(firstId + i, sequence(events.get(i).lastEventId()), "event " + i + " of " + events.size());
            assertEquals(Integer.toString(firstId + i), events.get(i).data());
        }
        if (firstId > 1) {
            assertEquals(EVENTS, firstId + events.size() - 1, "the replay and live events end at the last one");
        }
    }

    @Test
    void idOlderThanTheHistoryGetsTheResyncMarkerFirst() throws Exception {
        server = TestServer.sse(StreamOptions.builder().historySize(4).build());
        List<String> ids = broadcast("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        SseClient client = SseClient.connect(server, "/melody/events/feed", Map.of("Last-Event-ID", ids.get(1)))
                .awaitOpen();
        String live = broadcast("live").get(0);
        Event marker = client.awaitEvent();
        assertEquals(StreamMarkers.RESYNC, marker.type());
        assertEquals(StreamMarkers.RESYNC_DATA, marker.data());
        assertEquals(new Event("message", "live", live), client.awaitEvent());
    }

    @Test
    void retainedIdReplaysOnlyWhatFollowsIt() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        List<String> ids = broadcast("e1", "e2", "e3", "e4", "e5");
        SseClient client = SseClient.connect(server, "/melody/events/feed?lastEventId=" + ids.get(2)).awaitOpen();
        assertEquals(new Event("message", "e4", ids.get(3)), client.awaitEvent());
        assertEquals(new Event("message", "e5", ids.get(4)), client.awaitEvent());
    }

    @Test
    void malformedLastEventIdIsAnsweredWithResyncNeverAnError() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        server.hub().broadcast("feed", ServerSentEvent.of("before"));
        SseClient client = SseClient.connect(server, "/melody/events/feed",
                        Map.of("Last-Event-ID", "<%00 not-an-id \u00e9>"))
                .awaitOpen();
        client.assertStreamHeaders();
        server.hub().broadcast("feed", ServerSentEvent.of("after"));
        assertEquals(StreamMarkers.RESYNC, client.awaitEvent().type());
        assertEquals("after", client.awaitEvent().data());
    }

    @Test
    void aReaderPausedPastTheLogGetsAGapMarkerWhereItMissedEventsThenEveryRetainedOne() throws Exception {
        server = TestServer.sse(StreamOptions.builder().historySize(16).writeTimeout(Duration.ofMinutes(2))
                .build());
        SseClient paused = SseClient.connectPaused(server, "/melody/events/feed");
        server.events().awaitOpened();
        String kilobyte = "k".repeat(1024);
        for (int i = 1; i <= 10_000; i++) {                    // 10 MB: far past the socket buffers
            server.hub().broadcast("feed", ServerSentEvent.of(i + ":" + kilobyte));
        }
        server.hub().broadcast("feed", ServerSentEvent.of(END, ""));
        paused.resume();

        long expected = 1;
        long missed = 0;
        int markers = 0;
        for (Event event = paused.awaitEvent(); !event.type().equals(END); event = paused.awaitEvent()) {
            if (event.type().equals(StreamMarkers.GAP)) {
                long gap = Long.parseLong(event.data().replaceAll("\\D", ""));
                assertEquals(expected + gap - 1, sequence(event.lastEventId()), "names the last event missed");
                missed += gap;
                markers++;
                expected += gap;
                continue;
            }
            assertEquals(expected, sequence(event.lastEventId()), "in order, and a hole only at a marker");
            assertEquals(expected + ":" + kilobyte, event.data());
            expected++;
        }
        assertEquals(10_001, expected, "every event delivered or inside a marked gap");
        assertTrue(markers >= 1 && missed > 0, "the paused reader fell behind the 16-event log");
        assertEquals(missed, server.hub().statistics().dropped());
    }
}
