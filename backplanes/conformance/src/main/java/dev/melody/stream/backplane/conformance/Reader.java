package dev.melody.stream.backplane.conformance;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamMarkers;
import dev.melody.stream.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real subscriber of one node, read by the test into a list: what a client of that node would have seen.
 *
 * <p><b>Thread-safety.</b> Driven by the test thread only.
 *
 * <p><b>Lifecycle.</b> Made by the suite for a subscription of a started hub; ends with the hub's shutdown.
 */
final class Reader {

    private final String node;
    private final Subscription subscription;
    private final List<ServerSentEvent> events = new ArrayList<>();

    Reader(String node, Subscription subscription) {
        this.node = node;
        this.subscription = subscription;
    }

    Subscription subscription() {
        return subscription;
    }

    /** Everything read so far (the list itself: read it after an await). */
    List<ServerSentEvent> events() {
        return events;
    }

    /** Reads what is there without waiting. */
    List<ServerSentEvent> drain() {
        ServerSentEvent event;
        while ((event = subscription.poll()) != null) {
            events.add(event);
        }
        return events;
    }

    /** Waits until {@code count} events (markers included) were read; fails after the suite's timeout. */
    List<ServerSentEvent> await(int count) {
        return awaitUntil(read -> read.size() >= count, count + " events");
    }

    /** Waits until an event with this data was read. */
    List<ServerSentEvent> awaitData(String data) {
        return awaitUntil(read -> read.stream().anyMatch(e -> data.equals(e.data()) && !StreamMarkers.isMarker(e)),
                "the event '" + data + "'");
    }

    /** Waits until what was read satisfies {@code condition}; fails after the suite's timeout. */
    List<ServerSentEvent> awaitUntil(Predicate<List<ServerSentEvent>> condition, String what) {
        Waits.await(() -> condition.test(drain()), () -> what + " on node " + node + " topic "
                + subscription.topic() + "; read " + describe());
        return events;
    }

    /**
     * Reads for the suite's short quiet period, to prove that nothing more arrives (a duplicate, an echo, a replay):
     * a bounded wait for an absence, not for a condition.
     */
    List<ServerSentEvent> readQuietPeriod() throws InterruptedException {
        long deadline = System.nanoTime() + Waits.QUIET.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            ServerSentEvent event = subscription.poll(Duration.ofNanos(left));
            if (event != null) {
                events.add(event);
            }
        }
        return drain();
    }

    List<String> data() {
        return events.stream().map(ServerSentEvent::data).toList();
    }

    List<ServerSentEvent> markers() {
        return events.stream().filter(StreamMarkers::isMarker).toList();
    }

    /** What was read, shortened for a failure message. */
    String describe() {
        if (events.size() <= 12) {
            return events.size() + " " + events;
        }
        return events.size() + ", first " + events.subList(0, 6) + " … last "
                + events.subList(events.size() - 6, events.size());
    }
}
