package dev.melody.stream.sse;

import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;

/**
 * The hub-backed {@link SseBroadcaster} of each topic, for applications that speak the JAX-RS SSE API:
 * {@code @Inject SseBroadcasters broadcasters}.
 *
 * <p><b>Role.</b> Use a topic's broadcaster instead of {@code sse.newBroadcaster()}:
 * <pre>{@code
 * @Inject SseBroadcasters broadcasters;
 *
 * @GET @Path("my-events/{topic}") @Produces(MediaType.SERVER_SENT_EVENTS)
 * public void open(@PathParam("topic") String topic, @Context SseEventSink sink, @Context Sse sse) {
 *     broadcasters.forTopic(topic, sse).register(sink);          // own bounded queue and writer
 * }
 *
 * broadcasters.forTopic("device-42", sse).broadcast(sse.newEvent("task.created", json));
 * }</pre>
 * Its {@code broadcast} goes through the hub ({@link dev.melody.stream.ServerSentEventHub#broadcast}): it reaches
 * every subscriber of the topic, SSE and WebSocket alike, and the backplane if there is one; it never waits on a
 * client and completes with the number of local subscribers reached. Its data must be text (or absent; serialize
 * first), and an id or event name with CR or LF is refused. Each sink registered with it gets its own bounded queue
 * and single writer, so a slow client never delays the others; such sinks get live events only (no replay).
 *
 * <p><b>Thread-safety.</b> Implementations are thread-safe; {@link #forTopic} may be called from any thread, and so
 * may every method of the broadcasters it returns.
 *
 * <p><b>Lifecycle.</b> The library provides one implementation per application, an {@code @ApplicationScoped} bean.
 * A topic's broadcaster is created on first use and shared by every caller; {@link SseBroadcaster#close()} completes
 * every sink registered with it (the library's own SSE streams of that topic too), after which its methods but
 * {@code close} throw {@link IllegalStateException} and {@link #forTopic} returns a new one. When the application
 * stops, every broadcaster is closed.
 */
public interface SseBroadcasters {

    /**
     * Returns the hub-backed broadcaster of a topic, creating it on first use.
     *
     * @param topic the topic, valid under {@link dev.melody.stream.Topics}
     * @param sse the container's {@link Sse} ({@code @Context Sse}), which builds the events written to the sinks
     *     registered through {@link SseBroadcaster#register}
     * @return the topic's broadcaster; the same one for every caller until it is closed
     * @throws IllegalArgumentException if the topic is invalid
     * @throws NullPointerException if {@code sse} is {@code null}
     */
    SseBroadcaster forTopic(String topic, Sse sse);
}
