package dev.melody.stream.benchmarks.server;

import dev.melody.stream.HubStatistics;
import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Probes for the load client: {@code GET /bench/status?topic=T} (subscribers per target, the hub's subscribers
 * over all topics, and its counters, the backplane's failed publications among them, and the subscribers of every
 * target an overlay added, {@link AddedTargets})
 * and {@code GET /bench/status/heap} (heap in use after full collections, and the server's pid so the client can
 * read its RSS from {@code /proc}), and {@code GET /bench/status/broadcasts?atLeast=N&timeoutMillis=T}, which
 * answers once the hub counted at least {@code N} broadcasts (a backplane's deliveries from other nodes count too),
 * or when {@code T} ms (at most {@value #MAX_AWAIT_MILLIS}) passed: {@code hubBroadcasts=C reached=true|false
 * reachedEpochMicros=M}, the wall-clock time at which it saw the count reached (client and server share the machine's
 * clock, as the latency figures do), so that a client that asks before publishing learns when, independent of how
 * long the answer takes to reach it.
 *
 * <p>Thread-safety: request-scoped and stateless.
 */
@Path("status")
@RequestScoped
public class StatusResource {

    static final int GC_ROUNDS = 3;
    static final long GC_PAUSE_MILLIS = 200;
    static final long MAX_AWAIT_MILLIS = 120_000;
    private static final long AWAIT_POLL_NANOS = 200_000;

    @Inject
    ServerSentEventHub hub;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String status(@QueryParam("topic") String topic) {
        HubStatistics stats = hub.statistics();
        return "hub=" + (topic == null ? 0 : hub.subscriberCount(topic))
                + " raw=" + (topic == null ? 0 : RawSockets.INSTANCE.count(topic))
                + " raw-sse=" + (topic == null ? 0 : RawSseResource.count(topic))
                + " hubDelivered=" + stats.delivered() + " hubDropped=" + stats.dropped()
                + " rawFailures=" + RawSockets.INSTANCE.failures()
                + " hubSubscribers=" + stats.subscribers() + " hubGaps=" + stats.gaps()
                + " hubBroadcasts=" + stats.broadcasts() + " hubBackplaneFailures=" + stats.backplaneFailures()
                + AddedTargets.counts(topic);
    }

    @GET
    @Path("broadcasts")
    @Produces(MediaType.TEXT_PLAIN)
    public String awaitBroadcasts(@QueryParam("atLeast") @DefaultValue("-1") long atLeast,
                                  @QueryParam("timeoutMillis") @DefaultValue("60000") long timeoutMillis) {
        if (atLeast < 0 || timeoutMillis < 0 || timeoutMillis > MAX_AWAIT_MILLIS) {
            throw new BadRequestException("need atLeast >= 0 and 0 <= timeoutMillis <= " + MAX_AWAIT_MILLIS);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long count;
        while ((count = hub.statistics().broadcasts()) < atLeast && System.nanoTime() < deadline) {
            LockSupport.parkNanos(AWAIT_POLL_NANOS);
        }
        return "hubBroadcasts=" + count + " reached=" + (count >= atLeast) + " reachedEpochMicros="
                + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    @GET
    @Path("heap")
    @Produces(MediaType.TEXT_PLAIN)
    public String heap() throws InterruptedException {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.sleep(GC_PAUSE_MILLIS);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return "heapUsed=" + heap.getUsed() + " heapCommitted=" + heap.getCommitted()
                + " pid=" + ProcessHandle.current().pid();
    }
}
