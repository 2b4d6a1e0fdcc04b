package dev.melody.stream.spi.cluster;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamMarkers;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * The receiving half of a {@link RelayBackplane}: turns each message its listener takes from the broker into local
 * deliveries, in the order received.
 *
 * <p><b>Role.</b> Skips this node's own messages (by the origin beside the body, then by the envelope's), reads Go
 * Melody's envelope ({@link GoEnvelope}), and follows each publisher's sequence per topic: a hole in it becomes one
 * gap marker ({@link StreamMarkers#gap}'s data, {@code {"missed":N}}) delivered before the message that ends it, and a
 * gap notice that ends a hole becomes one marker counting the whole hole. A message without a sequence (a Go node's)
 * is delivered as it is. Unreadable or undeliverable messages are skipped, counted by cause and logged at most once
 * per cause and interval. Sequence counters are kept for at most {@value RelayBackplane#MAX_TRACKED}
 * publisher-topic pairs, least recently used first out; a forgotten pair starts again without a marker.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: called only on the relay's listener thread.
 *
 * <p><b>Lifecycle.</b> One per relay, made when the relay starts (it needs the hub), for the relay's life.
 */
final class RelayReceiver {

    private final String label;
    private final String origin;
    private final RelayConnector connector;
    private final int maxMessageBytes;
    private final ServerSentEventHub hub;
    private final RelayCounters counters;
    private final RateLimitedLog rateLimited;
    private final Map<String, long[]> seen = RelayBackplane.lru();     // origin + NUL + topic -> last sequence

    /**
     * @param relay the relay it receives for: its label, origin, connector, limits, counters and log
     * @param hub the hub it delivers to
     */
    RelayReceiver(RelayBackplane relay, ServerSentEventHub hub) {
        this.label = relay.label;
        this.origin = relay.origin();
        this.connector = relay.connector;
        this.maxMessageBytes = relay.settings.maxMessageBytes();
        this.counters = relay.counters;
        this.rateLimited = relay.rateLimited;
        this.hub = hub;
    }

    /**
     * Delivers what one received message stands for.
     *
     * @param message the message as the broker gave it
     */
    void handle(RelayMessage message) {
        counters.received.increment();
        if (origin.equals(message.origin())) {
            counters.ownSkipped.increment();
            return;
        }
        GoEnvelope.Parsed parsed;
        try {
            parsed = GoEnvelope.read(message.body(), maxMessageBytes);
        } catch (GoEnvelope.Malformed e) {
            malformed(e.reason(), e.getMessage());
            return;
        }
        if (origin.equals(parsed.origin())) {
            counters.ownSkipped.increment();
            return;
        }
        ServerSentEvent event = parsed.event();
        if (message.sequence() > 0 && !parsed.origin().isEmpty()) {
            long previous = previous(parsed.origin() + '\u0000' + parsed.topic(), message.sequence());
            long hole = previous < 0 ? 0 : message.sequence() - previous - 1;
            if (hole > 0) {
                counters.gapsDetected.increment();
                counters.missedDetected.add(hole);
            }
            if (StreamMarkers.GAP.equals(event.event()) && previous >= 0) {
                // a gap notice stands in the place of the last broadcast it covers: one marker for the whole hole
                event = ServerSentEvent.of(StreamMarkers.GAP, StreamMarkers.gapData(hole + 1));
            } else if (hole > 0) {
                deliver(parsed.topic(), ServerSentEvent.of(StreamMarkers.GAP, StreamMarkers.gapData(hole)));
            }
        }
        deliver(parsed.topic(), event);
    }

    /**
     * Records a sequence number of a publisher-topic pair; returns the one before it, or -1 when there is none to
     * compare with (the pair's first message here, or a lower number: the publisher started again).
     */
    private long previous(String key, long sequence) {
        long[] last = seen.get(key);
        if (last == null) {
            seen.put(key, new long[] {sequence});
            return -1;
        }
        long before = last[0];
        last[0] = sequence;
        return sequence > before ? before : -1;
    }

    private void deliver(String topic, ServerSentEvent event) {
        try {
            hub.deliverLocal(topic, event);
            counters.delivered.increment();
        } catch (RuntimeException e) {
            malformed(GoEnvelope.Cause.INVALID_EVENT, String.valueOf(e.getMessage()));
        }
    }

    private void malformed(GoEnvelope.Cause cause, String detail) {
        long count = counters.malformed(cause);
        rateLimited.log("malformed-" + cause, Level.WARNING, () -> label + " skipped a message from "
                + connector.describe() + ": " + cause + " (" + detail + "); " + count + " so far of this kind");
    }
}
