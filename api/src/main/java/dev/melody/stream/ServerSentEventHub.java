package dev.melody.stream;

import java.util.Set;

/**
 * The topic-keyed fan-out hub shared by the WebSocket and Server-Sent Events transports.
 *
 * <h2>Role</h2>
 * One hub per application. Server code publishes to a topic; every subscriber of that topic receives the event,
 * whichever transport it arrived by. Obtain it by injection:
 * <pre>{@code
 * @Inject ServerSentEventHub hub;
 * hub.broadcast("device-42", ServerSentEvent.of("task.created", json));
 * }</pre>
 * or fire a CDI event, which a built-in observer hands to the hub:
 * <pre>{@code
 * @Inject Event<Broadcast> broadcasts;
 * broadcasts.fire(new Broadcast("device-42", ServerSentEvent.of("task.created", json)));
 * }</pre>
 *
 * <h2>Delivery: one log per topic</h2>
 * {@link #broadcast(String, ServerSentEvent)} never waits on a client: it assigns the event an id if it has none,
 * appends it once to the topic's bounded log, wakes the subscribers that wait for it, and returns. Each subscriber
 * is a position in that log and reads it at its own pace; sockets are written by the transports, one writer per
 * connection, on their own threads. Events of one topic reach every subscriber in one order, the log's.
 *
 * <h2>Gaps: never silent</h2>
 * The log keeps the last {@linkplain StreamOptions#historySize() historySize} events and at most
 * {@linkplain StreamOptions#historyBytes() historyBytes} of them (16,384 events and 16 MiB by default: a burst
 * shared by every subscriber of the topic, held once). A subscriber that falls so far behind that its next event
 * has left the log gets, under the default {@linkplain StreamOptions#overflowPolicy() overflow policy}
 * {@link OverflowPolicy#GAP_MARKER}, one {@link StreamMarkers#gap gap marker} where the gap is, then the oldest
 * retained event; under {@link OverflowPolicy#DISCONNECT} it is closed; under {@link OverflowPolicy#DROP_OLDEST}
 * it skips silently (Go Melody's at-most-once). Gaps and skipped events are counted per subscriber and per hub.
 *
 * <h2>Ids and replay: exact, or said not to be</h2>
 * Events broadcast without an id get {@code <epoch>-<sequence>} ({@code 3f9a1c07b2e4-17}): the epoch names the
 * topic's history (random, new after every start of the application and after the topic expired), the sequence
 * increases by one per event within it. Clients treat ids as opaque. A subscriber that gives the id of the last
 * event it saw receives every retained event after it, then live events, with no gap and no duplicate, even while
 * broadcasts continue. An id of another epoch, unknown, malformed, or older than the log retains is never answered
 * with other events: the subscription starts live and says so ({@link Subscription#resyncRequired()}), and the
 * transports write {@link StreamMarkers#resync() the resync marker} first. Application-supplied ids are kept as
 * they are and found by equality in the log.
 *
 * <h2>Expiry and the hub-wide bound</h2>
 * A topic with no subscriber and no broadcast for {@linkplain StreamOptions#historyTtl() historyTtl} (5 minutes)
 * drops its log. All logs together hold at most {@linkplain StreamOptions#maxRetainedBytes() maxRetainedBytes}:
 * past it, idle topics (no subscriber) give way first, least recently used first, then the oldest events of the
 * largest logs (subscribers still behind them get a gap). A client that comes back to a dropped log is told to
 * resynchronise.
 *
 * <h2>Clustering</h2>
 * When the application provides a {@link dev.melody.stream.spi.Backplane} bean, {@code broadcast} also publishes
 * the event to it, and the backplane hands events from other nodes to {@link #deliverLocal(String, ServerSentEvent)},
 * which is never re-published. Publication failures are counted, never thrown to the broadcaster.
 *
 * <h2>Thread-safety</h2>
 * Every method may be called from any thread, concurrently.
 *
 * <h2>Lifecycle</h2>
 * The container creates the hub ({@code @ApplicationScoped}) with the application's
 * {@link StreamOptions} and shuts it down when the application is undeployed. {@link #shutdown()} is
 * idempotent: it closes every subscription with {@link CloseCause#SHUTDOWN}; later subscriptions are returned
 * already closed, and later broadcasts are dropped and counted.
 *
 * <h2>Topics and events</h2>
 * A topic is 1 to 256 characters without control characters ({@link Topics}); an event's {@code id} and
 * {@code event} carry no CR, LF or NUL ({@link ServerSentEvent}). Anything else is refused with an
 * {@link IllegalArgumentException} naming the rule.
 */
public interface ServerSentEventHub {

    /**
     * Delivers an event to every local subscriber of the topic and publishes it to the backplane, if any.
     *
     * @param topic the topic, valid under {@link Topics}
     * @param event the event; one without an id gets the topic's next {@code <epoch>-<sequence>} id
     * @return the number of local subscribers the event reaches
     * @throws IllegalArgumentException if the topic is invalid or the event {@code null}
     */
    int broadcast(String topic, ServerSentEvent event);

    /**
     * Delivers an event to local subscribers only; for backplanes handing over events from other nodes.
     *
     * @param topic the topic, valid under {@link Topics}
     * @param event the event; one without an id gets the topic's next {@code <epoch>-<sequence>} id
     * @return the number of local subscribers the event reaches
     * @throws IllegalArgumentException if the topic is invalid or the event {@code null}
     */
    int deliverLocal(String topic, ServerSentEvent event);

    /**
     * Subscribes an in-JVM consumer that drains with {@link Subscription#poll(java.time.Duration)}.
     *
     * @param topic the topic, valid under {@link Topics}
     * @return the subscription; already closed if the hub has shut down
     * @throws IllegalArgumentException if the topic is invalid
     */
    Subscription subscribe(String topic);

    /**
     * Subscribes with a listener that is signalled when events wait; see {@link Subscription} for the contract.
     *
     * @param topic the topic, valid under {@link Topics}
     * @param listener the callbacks, not {@code null}
     * @return the subscription; already closed (and the listener told) if the hub has shut down
     * @throws IllegalArgumentException if the topic is invalid
     */
    Subscription subscribe(String topic, SubscriptionListener listener);

    /**
     * Subscribes and first replays every retained event after {@code lastEventId}, then live events, with no gap
     * and no duplicate. If what followed {@code lastEventId} cannot be replayed exactly (an id of another epoch,
     * unknown, malformed, or older than the log retains), nothing is replayed, the subscription starts with live
     * events and {@link Subscription#resyncRequired()} is {@code true}.
     *
     * @param topic the topic, valid under {@link Topics}
     * @param lastEventId the id of the last event the subscriber saw, or {@code null} (or empty) for live only
     * @param listener the callbacks, not {@code null}
     * @return the subscription; already closed (and the listener told) if the hub has shut down
     * @throws IllegalArgumentException if the topic is invalid
     */
    Subscription subscribe(String topic, String lastEventId, SubscriptionListener listener);

    /**
     * Returns every retained event of a topic after the given id, as one consistent snapshot.
     *
     * @param topic the topic, valid under {@link Topics}
     * @param afterId the id of the last event seen
     * @return the retained events after {@code afterId}, or an incomplete result when they cannot be replayed exactly
     * @throws IllegalArgumentException if the topic is invalid
     */
    Replay replay(String topic, String afterId);

    /**
     * Returns the number of open subscriptions of a topic.
     *
     * @param topic the topic
     * @return the number of subscribers, 0 for an unknown topic
     */
    int subscriberCount(String topic);

    /**
     * Returns the topics that currently have subscribers or a retained log.
     *
     * @return an immutable snapshot
     */
    Set<String> topics();

    /**
     * Returns a snapshot of the hub's counters.
     *
     * @return the statistics
     */
    HubStatistics statistics();

    /**
     * Returns the options this hub and the transports run with.
     *
     * @return the options, fixed for the life of the hub
     */
    StreamOptions options();

    /**
     * Tells whether {@link #shutdown()} has been called.
     *
     * @return {@code true} once shut down
     */
    boolean isShutdown();

    /** Closes every subscription with {@link CloseCause#SHUTDOWN} and refuses further work; idempotent. */
    void shutdown();
}
