package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.melody.stream.StreamMarkers;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.sse.EventStreamParser.Event;
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

    private SseTestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void reconnectReplaysWithoutGapOrDuplicateWhileBroadcastsContinue() throws Exception {
        server = SseTestServer.start(StreamOptions.builder().historySize(EVENTS + 10).subscriberBuffer(EVENTS + 10)
                .build());
        SseClient first = server.connect("/melody/events/feed").awaitOpen();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch someSent = new CountDownLatch(EVENTS / 10);
        CountDownLatch reconnected = new CountDownLatch(1);
        Thread broadcaster = new Thread(() -> broadcastAll(someSent, reconnected, failure), "test-broadcaster");
        broadcaster.start();

        List<Event> before = first.awaitEvents(EVENTS / 20);
        first.close();
        String lastSeen = before.get(before.size() - 1).lastEventId();
        SseClient byHeader = server.connect("/melody/events/feed", Map.of("Last-Event-ID", lastSeen)).awaitOpen();
        SseClient byQuery = server.connect("/melody/events/feed?lastEventId=" + lastSeen).awaitOpen();
        reconnected.countDown();

        assertContiguous(before, 1);
        assertContiguous(readUntilEnd(byHeader), Integer.parseInt(lastSeen) + 1);
        assertContiguous(readUntilEnd(byQuery), Integer.parseInt(lastSeen) + 1);
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

    private static void assertContiguous(List<Event> events, int firstId) {
        for (int i = 0; i < events.size(); i++) {
            String expected = Integer.toString(firstId + i);
            assertEquals(expected, events.get(i).lastEventId(), "event " + i + " of " + events.size());
            assertEquals(expected, events.get(i).data());
        }
        if (firstId > 1) {
            assertEquals(EVENTS, firstId + events.size() - 1, "the replay and live events end at the last one");
        }
    }

    @Test
    void idOlderThanTheHistoryGetsTheResyncMarkerFirst() throws Exception {
        server = SseTestServer.start(StreamOptions.builder().historySize(4).build());
        for (int i = 1; i <= 10; i++) {
            server.hub().broadcast("feed", ServerSentEvent.of("old " + i));
        }
        SseClient client = server.connect("/melody/events/feed", Map.of("Last-Event-ID", "2")).awaitOpen();
        server.hub().broadcast("feed", ServerSentEvent.of("live"));
        assertEquals(StreamMarkers.RESYNC, client.awaitEvent().type());
        assertEquals(new Event("message", "live", "11"), client.awaitEvent());
    }

    @Test
    void retainedIdReplaysOnlyWhatFollowsIt() throws Exception {
        server = SseTestServer.start(StreamOptions.defaults());
        for (int i = 1; i <= 5; i++) {
            server.hub().broadcast("feed", ServerSentEvent.of("e" + i));
        }
        SseClient client = server.connect("/melody/events/feed?lastEventId=3").awaitOpen();
        assertEquals(new Event("message", "e4", "4"), client.awaitEvent());
        assertEquals(new Event("message", "e5", "5"), client.awaitEvent());
    }

    @Test
    void malformedLastEventIdIsAnsweredWithResyncNeverAnError() throws Exception {
        server = SseTestServer.start(StreamOptions.defaults());
        server.hub().broadcast("feed", ServerSentEvent.of("before"));
        SseClient client = server.connect("/melody/events/feed", Map.of("Last-Event-ID", "<%00 not-an-id \u00e9>"))
                .awaitOpen();
        client.assertStreamHeaders();
        server.hub().broadcast("feed", ServerSentEvent.of("after"));
        assertEquals(StreamMarkers.RESYNC, client.awaitEvent().type());
        assertEquals("after", client.awaitEvent().data());
    }
}
