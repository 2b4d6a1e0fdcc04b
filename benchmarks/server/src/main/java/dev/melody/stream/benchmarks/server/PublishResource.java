package dev.melody.stream.benchmarks.server;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher: {@code POST /bench/publish?target=hub|raw|raw-sse&topic=T&count=N&rate=R&size=B} broadcasts
 * {@code N} messages of {@code B} characters to one topic at {@code R} messages per second ({@code 0}: as fast as
 * the broadcast returns), on the request's thread, and answers when done with {@code published=N nanos=D}.
 *
 * <p>Broadcasting from the request thread is what an application does; it also shows each baseline's cost to the
 * caller (Payara runs "async" WebSocket sends on it). The loop is bounded by {@value #MAX_COUNT} messages.
 *
 * <p>Thread-safety: request-scoped; each request runs its own loop.
 */
@Path("publish")
@RequestScoped
public class PublishResource {

    static final int MAX_COUNT = 1_000_000;
    static final int MAX_SIZE = 65_536;
    static final String TARGET_HUB = "hub";
    static final String TARGET_RAW = "raw";
    static final String TARGET_RAW_SSE = "raw-sse";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Inject
    ServerSentEventHub hub;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String publish(@QueryParam("target") String target, @QueryParam("topic") String topic,
                          @QueryParam("count") @DefaultValue("100") int count,
                          @QueryParam("rate") @DefaultValue("0") double rate,
                          @QueryParam("size") @DefaultValue("100") int size) {
        if (topic == null || count < 1 || count > MAX_COUNT || size < 1 || size > MAX_SIZE || rate < 0) {
            throw new BadRequestException("need topic, 1 <= count <= " + MAX_COUNT + ", 1 <= size <= " + MAX_SIZE
                    + ", rate >= 0");
        }
        long start = System.nanoTime();
        for (long seq = 1; seq <= count; seq++) {
            if (rate > 0) {
                waitUntil(start + (long) ((seq - 1) * NANOS_PER_SECOND / rate));
            }
            send(target, topic, Payload.of(seq, size));
        }
        return "published=" + count + " nanos=" + (System.nanoTime() - start);
    }

    private void send(String target, String topic, String text) {
        switch (target == null ? "" : target) {
            case TARGET_HUB -> hub.broadcast(topic, ServerSentEvent.of(text));
            case TARGET_RAW -> RawSockets.INSTANCE.broadcast(topic, text);
            case TARGET_RAW_SSE -> RawSseResource.broadcast(topic, text);
            default -> throw new BadRequestException("target must be hub, raw or raw-sse, was '" + target + "'");
        }
    }

    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
