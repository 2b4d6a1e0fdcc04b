package dev.melody.stream.impl.stream;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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
 * The threads both transports write and time on: an executor for the connections' writers and closes, and one
 * timer for write-timeout checks, WebSocket pings and SSE heartbeats.
 *
 * <p><b>Role.</b> Sends never run on a broadcaster's thread. They run on the container's
 * {@code ManagedExecutorService} when JNDI offers one at {@value #MANAGED_EXECUTOR} (so they run in the
 * application's context), else on a pool of daemon threads owned here, made as needed and ended when idle
 * ({@value #POOL_SIZE} at most). The timer only looks at state and hands work to the executor.
 *
 * <p><b>Thread-safety.</b> {@link #executor()} and {@link #timer()} may be called from any thread; the executors
 * are thread-safe. Callers keep the returned executors rather than calling back here during shutdown, since the
 * destruction order of application-scoped beans is unspecified; work handed to a shut-down executor is rejected,
 * which every caller handles.
 *
 * <p><b>Lifecycle.</b> One per application ({@code @ApplicationScoped}), shared by {@code WebSocketTransport} and
 * {@code SseTransport}; created when the first transport starts; destroyed when the application stops, which stops
 * the timer and the pool it owns. A container's managed executor is never shut down here.
 */
@ApplicationScoped
public class StreamThreads {

    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedExecutorService";

    /**
     * The most threads of the fallback pool. Some servers' sends (Jersey's SSE sinks) write, and so block, on the
     * sending thread while a client stalls, until {@code writeTimeout} closes it; threads are made only as work
     * needs them and end when idle, so a few stalled clients never starve the others.
     */
    static final int POOL_SIZE = 32;
    static final long POOL_IDLE_SECONDS = 30;

    private static final System.Logger LOG = System.getLogger(StreamThreads.class.getName());

    private ExecutorService executor;
    private boolean ownExecutor;
    private ScheduledExecutorService timer;

    @PostConstruct
    void start() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemons("melody-stream-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
        ExecutorService managed = lookupManagedExecutor();
        ownExecutor = managed == null;
        executor = ownExecutor ? ownPool() : managed;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        if (ownExecutor) {
            executor.shutdown();
        }
    }

    private static ExecutorService ownPool() {
        LOG.log(Level.DEBUG, "No managed executor; stream writers use up to " + POOL_SIZE + " daemon threads");
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, POOL_IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("melody-stream-writer"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ExecutorService lookupManagedExecutor() {
        try {
            Object found = new InitialContext().lookup(MANAGED_EXECUTOR);
            return found instanceof ExecutorService managed ? managed : null;
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

    /**
     * Returns the executor writers drain on and closes run on.
     *
     * @return the managed executor, or the pool owned here
     */
    public ExecutorService executor() {
        return executor;
    }

    /**
     * Returns the timer for write-timeout checks and keep-alives; its tasks must not block.
     *
     * @return the single-thread timer
     */
    public ScheduledExecutorService timer() {
        return timer;
    }
}
