package dev.melody.stream.benchmarks.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSE baseline at {@code /bench/raw-sse/{topic}}: one bare JAX-RS {@link SseBroadcaster} per topic, exactly as
 * the JAX-RS API suggests, with the server's own writer and queueing behind it.
 *
 * <p>Each new sink gets a comment first so that the server sends the response headers at once (some servers hold
 * them until the first write); the client counts a stream as open when that arrives.
 *
 * <p>Thread-safety: the broadcasters live in a static concurrent map shared by every request of the deployment;
 * {@code SseBroadcaster} is thread-safe. The first request's {@link Sse} is kept to build broadcast events.
 */
@Path("raw-sse/{topic}")
public class RawSseResource {

    static final String OPENING_COMMENT = "raw open";

    private static final Map<String, Topic> TOPICS = new ConcurrentHashMap<>();
    private static volatile Sse events;

    /** One topic's broadcaster and the number of sinks it holds. */
    private record Topic(SseBroadcaster broadcaster, AtomicInteger sinks) {
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void open(@PathParam("topic") String topic, @Context SseEventSink sink, @Context Sse sse) {
        events = sse;
        Topic state = TOPICS.computeIfAbsent(topic, t -> newTopic(sse));
        state.broadcaster().register(sink);
        state.sinks().incrementAndGet();
        sink.send(sse.newEventBuilder().comment(OPENING_COMMENT).build());
    }

    private static Topic newTopic(Sse sse) {
        AtomicInteger sinks = new AtomicInteger();
        SseBroadcaster broadcaster = sse.newBroadcaster();
        broadcaster.onClose(sink -> sinks.decrementAndGet());
        broadcaster.onError((sink, error) -> sinks.decrementAndGet());
        return new Topic(broadcaster, sinks);
    }

    /** Returns how many sinks the topic's broadcaster was given and has not reported closed or failed. */
    static int count(String topic) {
        Topic state = TOPICS.get(topic);
        return state == null ? 0 : state.sinks().get();
    }

    /** Broadcasts one text event; returns whether the topic had a broadcaster. */
    static boolean broadcast(String topic, String text) {
        Topic state = TOPICS.get(topic);
        Sse sse = events;
        if (state == null || sse == null) {
            return false;
        }
        state.broadcaster().broadcast(sse.newEvent(text));
        return true;
    }
}
