package dev.melody.stream.spi.cluster;

import java.util.Map;

/**
 * A snapshot of a {@link RelayBackplane}'s state and counters, since it started.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; taken by {@link RelayBackplane#statistics()}, whose counters are
 * read one after another, so two of them may be a moment apart.
 *
 * @param connected whether a link to the broker is open now
 * @param published broadcasts and gap notices sent to the broker
 * @param publishFailures broadcasts that were not sent (no link, the link broke, queue full, too large): delivered on
 *        this node only
 * @param queueFull of those, the broadcasts that found the queue full
 * @param received messages taken from the broker, every kind
 * @param delivered events handed to this node's hub from other nodes, gap markers included
 * @param ownSkipped this node's own messages, come back and skipped (no echo)
 * @param malformed messages skipped as unreadable or undeliverable
 * @param malformedByCause those, by cause
 * @param gapsDetected holes found in another node's per-topic sequence, each delivered as a gap marker
 * @param missedDetected the messages those holes stood for
 * @param gapNotices gap notices this node sent for broadcasts the other nodes did not get
 * @param connects links opened, the first one included
 * @param outages times the broker could not be reached or a link broke, each announced by one WARNING
 */
public record RelayStatistics(boolean connected, long published, long publishFailures, long queueFull,
                              long received, long delivered, long ownSkipped, long malformed,
                              Map<GoEnvelope.Cause, Long> malformedByCause, long gapsDetected, long missedDetected,
                              long gapNotices, long connects, long outages) {

    /** Copies the map, so the snapshot stays fixed. */
    public RelayStatistics {
        malformedByCause = Map.copyOf(malformedByCause);
    }
}
