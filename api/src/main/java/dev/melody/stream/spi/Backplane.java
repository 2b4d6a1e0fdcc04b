package dev.melody.stream.spi;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Carries broadcasts between the nodes of a cluster.
 *
 * <p><b>Role.</b> The hub hands every {@link ServerSentEventHub#broadcast broadcast} to
 * {@link #publish(String, ServerSentEvent)}. The backplane delivers events that arrive from other nodes with
 * {@link ServerSentEventHub#deliverLocal deliverLocal} (never {@code broadcast}, which would publish them again).
 * A backplane works in one of two ways:
 * <ul>
 *   <li><b>Relaying</b> ({@link #sequencing()} {@code false}, the default): the hub delivers the broadcast locally
 *       first, with an id of its own, and then publishes it; the backplane ignores its own publications when they
 *       come back.</li>
 *   <li><b>Sequencing</b> ({@link #sequencing()} {@code true}): the backplane shares one ordered history per topic
 *       across the nodes. The hub does not deliver the broadcast itself: it publishes the event without an id, and
 *       the backplane delivers it locally exactly once through {@code deliverLocal} — with the id the cluster gave
 *       it, in the cluster's order, on this node as on every other — or, when it cannot reach its broker, without an
 *       id, so that the hub gives it a node-local one. Such a backplane also answers {@link #history} so that a
 *       client may resume on any node.</li>
 * </ul>
 *
 * <p><b>Thread-safety.</b> {@code publish} is called concurrently from broadcasting threads and must not block:
 * hand the event to the backplane's own I/O and return. A failure, thrown or reported through the returned stage,
 * is counted in {@link dev.melody.stream.HubStatistics#backplaneFailures()} and never reaches the broadcaster; the hub
 * logs the failures sparsely (the 1st, 2nd, 4th … at WARNING), unless the backplane
 * {@linkplain #announcesOutages() announces its outages} itself: one WARNING when an outage starts, one INFO when it
 * ends.
 * {@link #history} is called from subscribing threads and may wait for the broker, for a bounded time.
 *
 * <p><b>Lifecycle.</b> An application bean, or made by a {@link BackplaneProvider} found on the class path. The hub
 * calls {@link #start(ServerSentEventHub)} once when it is created and {@link #close()} once when it shuts down.
 */
public interface Backplane {

    /**
     * Publishes an event to the other nodes.
     *
     * @param topic the topic
     * @param event the event: with the id the hub assigned when relaying; without an id when {@link #sequencing()}
     * @return a stage that completes when published, or completes exceptionally on failure
     */
    CompletionStage<?> publish(String topic, ServerSentEvent event);

    /**
     * Starts receiving; called once by the hub, at the end of its creation, before any broadcast.
     *
     * @param hub the hub to deliver events from other nodes to
     */
    default void start(ServerSentEventHub hub) {
    }

    /**
     * Tells whether this backplane orders and delivers every broadcast itself, local subscribers included; read by
     * the hub for every broadcast, so it must be cheap. See the class comment.
     *
     * @return {@code true} for a sequencing backplane; {@code false} (the default) for a relaying one
     */
    default boolean sequencing() {
        return false;
    }

    /**
     * Tells whether this backplane logs its outages itself (one WARNING when one starts, one INFO when it ends), so
     * that the hub logs its publication failures at DEBUG only; read once per failure.
     *
     * @return {@code true} if it announces its outages; by default, when it is {@linkplain #sequencing() sequencing}
     */
    default boolean announcesOutages() {
        return sequencing();
    }

    /**
     * Returns the events of a topic's shared history after an id, for a client that resumes on a node whose own log
     * does not reach back to that id (it joined later, or restarted). Called on the subscribing thread; waits for
     * the broker for a bounded time.
     *
     * @param topic the topic
     * @param afterId the last id the client saw
     * @return every event after {@code afterId}, in order and with their ids, up to the newest the history holds (an
     *         empty list when {@code afterId} is the newest); or {@code null} when the shared history does not cover
     *         {@code afterId} exactly (another epoch, expired, trimmed, not reachable): the client is then told to
     *         resynchronise
     */
    default List<ServerSentEvent> history(String topic, String afterId) {
        return null;
    }

    /** Stops publishing and receiving and closes what it opened; called once by the hub at shutdown. */
    default void close() {
    }
}
