package dev.melody.stream.spi;

import dev.melody.stream.ServerSentEvent;
import java.util.concurrent.CompletionStage;

/**
 * Carries broadcasts between the nodes of a cluster.
 *
 * <p><b>Role.</b> When the application provides a {@code Backplane} bean, the hub hands every
 * {@link dev.melody.stream.ServerSentEventHub#broadcast broadcast} to {@link #publish(String, ServerSentEvent)}
 * after delivering it locally. The backplane delivers events that arrive from other nodes with
 * {@link dev.melody.stream.ServerSentEventHub#deliverLocal deliverLocal} (never {@code broadcast}, which would
 * publish them again) and ignores its own publications.
 *
 * <p><b>Thread-safety.</b> {@code publish} is called concurrently from broadcasting threads and must not block:
 * hand the event to the backplane's own I/O and return. A failure, thrown or reported through the returned stage,
 * is counted in {@link dev.melody.stream.HubStatistics#backplaneFailures()} and never reaches the broadcaster.
 *
 * <p><b>Lifecycle.</b> An application bean; the hub calls {@link #close()} once when it shuts down.
 */
public interface Backplane {

    /**
     * Publishes an event to the other nodes.
     *
     * @param topic the topic
     * @param event the event, carrying the id the hub assigned
     * @return a stage that completes when published, or completes exceptionally on failure
     */
    CompletionStage<?> publish(String topic, ServerSentEvent event);

    /** Stops publishing and receiving; called once by the hub at shutdown. */
    default void close() {
    }
}
