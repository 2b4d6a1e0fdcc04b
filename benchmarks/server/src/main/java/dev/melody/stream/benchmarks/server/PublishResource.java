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
 * The publisher: {@code POST /bench/publish?target=hub|raw|raw-sse&topic=T&count=N&rate=R&size=B} (or the name
 * of a target an overlay added, {@link AddedTargets}) broadcasts
 * {@code N} messages of {@code B} characters to one topic at {@code R} messages per second ({@code 0}: as fast as
 * the broadcast returns), on the request's thread, and answers when done with {@code published=N nanos=D}. With
 * {@code &awaitBroadcasts=true} it then also waits, at most {@value #AWAIT_SECONDS} s, until the hub's statistics
 * count {@code N} more broadcasts than before the first (with a sequencing backplane: until Redis ordered them and
 * the backplane delivered them on this node), and adds {@code settledNanos=D} from the first broadcast to then
 * ({@code -1} when the bound passed). Other topics' broadcasts meanwhile would count too: the client runs one
 * measurement at a time.
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

    static final long AWAIT_SECONDS = 120;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long AWAIT_POLL_NANOS = 200_000;

    @Inject
    ServerSentEventHub hub;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String publish(@QueryParam("target") String target, @QueryParam("topic") String topic,
                          @QueryParam("count") @DefaultValue("100") int count,
                          @QueryParam("rate") @DefaultValue("0") double rate,
                          @QueryParam("size") @DefaultValue("100") int size,
                          @QueryParam("awaitBroadcasts") @DefaultValue("false") boolean awaitBroadcasts) {
        if (topic == null || count < 1 || count > MAX_COUNT || size < 1 || size > MAX_SIZE || rate < 0) {
            throw new BadRequestException("need topic, 1 <= count <= " + MAX_COUNT + ", 1 <= size <= " + MAX_SIZE
                    + ", rate >= 0");
        }
        long before = hub.statistics().broadcasts();
        long start = System.nanoTime();
        for (long seq = 1; seq <= count; seq++) {
            if (rate > 0) {
                waitUntil(start + (long) ((seq - 1) * NANOS_PER_SECOND / rate));
            }
            send(target, topic, Payload.of(seq, size));
        }
        String answer = "published=" + count + " nanos=" + (System.nanoTime() - start);
        return awaitBroadcasts ? answer + " settledNanos=" + awaitBroadcasts(before + count, start) : answer;
    }

    /** Polls the hub's broadcast count until it reaches {@code target}; returns the nanos since start, or -1. */
    private long awaitBroadcasts(long target, long start) {
        long deadline = start + AWAIT_SECONDS * NANOS_PER_SECOND;
        while (hub.statistics().broadcasts() < target) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            LockSupport.parkNanos(AWAIT_POLL_NANOS);
        }
        return System.nanoTime() - start;
    }

    private void send(String target, String topic, String text) {
        switch (target == null ? "" : target) {
            case TARGET_HUB -> hub.broadcast(topic, ServerSentEvent.of(text));
            case TARGET_RAW -> RawSockets.INSTANCE.broadcast(topic, text);
            case TARGET_RAW_SSE -> RawSseResource.broadcast(topic, text);
            default -> {
                AddedTargets.Target added = AddedTargets.named(target);
                if (added == null) {
                    throw new BadRequestException("target must be hub, raw, raw-sse or one an overlay added, was '"
                            + target + "'");
                }
                added.broadcast(topic, text);
            }
        }
    }

    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
