package dev.melody.stream.impl.sse;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The threads the SSE transport runs on: an executor for the sink writers and a timer for heartbeats and
 * write-timeout checks.
 *
 * <p><b>Role.</b> Sends never run on a broadcaster's thread. They run on the container's
 * {@code ManagedExecutorService} when JNDI offers one at {@value #MANAGED_EXECUTOR} (so they run in the
 * application's context), else on a pool of daemon threads owned here, made as
 * needed and ended when idle ({@value #POOL_SIZE} at most). The timer only looks at state and
 * hands work to the executor.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable holder; created once by {@link SseTransport} and shut down with it.
 * A container's managed executor is never shut down here.
 */
final class SseThreads {

    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedExecutorService";

    /**
     * The most threads of the fallback pool. Some servers' sinks (Jersey's) write, and so block, on the sending
     * thread while a client stalls, until {@code writeTimeout} closes it; threads are made only as work needs them
     * and end when idle, so a few stalled clients never starve the others.
     */
    static final int POOL_SIZE = 32;
    static final long POOL_IDLE_SECONDS = 30;

    private static final System.Logger LOG = System.getLogger(SseThreads.class.getName());

    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final ScheduledExecutorService timer;

    private SseThreads(ExecutorService executor, boolean ownExecutor, ScheduledExecutorService timer) {
        this.executor = executor;
        this.ownExecutor = ownExecutor;
        this.timer = timer;
    }

    static SseThreads create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("melody-sse-timer"));
        timer.setRemoveOnCancelPolicy(true);
        ExecutorService managed = lookupManagedExecutor();
        if (managed != null) {
            return new SseThreads(managed, false, timer);
        }
        LOG.log(Level.DEBUG, "No managed executor; SSE writers use up to " + POOL_SIZE + " daemon threads");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, POOL_IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("melody-sse-writer"));
        pool.allowCoreThreadTimeOut(true);
        return new SseThreads(pool, true, timer);
    }

    private static ExecutorService lookupManagedExecutor() {
        try {
            Object found = new InitialContext().lookup(MANAGED_EXECUTOR);
            return found instanceof ExecutorService executor ? executor : null;
        } catch (NamingException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    ExecutorService executor() {
        return executor;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void shutdown() {
        timer.shutdownNow();
        if (ownExecutor) {
            executor.shutdown();
        }
    }
}
