package dev.melody.stream.impl.connection;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 * timer for the registries' sweeps (write-timeout checks, WebSocket pings, SSE heartbeats).
 *
 * <p><b>Role.</b> Sends never run on a broadcaster's thread. They run on a pool owned here, of at most
 * {@value #POOL_SIZE} threads made as needed and ended when idle. When JNDI offers the container's
 * {@code ManagedThreadFactory} at {@value #MANAGED_THREAD_FACTORY}, the pool's threads come from it, so writers and
 * closes run in the application's context (class loader, naming, CDI) captured once per thread rather than once
 * per task: a managed executor captures it for every task, which on Payara scans the application's jars each time
 * and cost half the server's CPU under fan-out. A server with a managed executor but no thread factory gets its
 * executor; one with neither gets daemon threads. The timer only looks at state and hands work to the executor.
 *
 * <p><b>Thread-safety.</b> {@link #executor()} and {@link #timer()} may be called from any thread; the executors
 * are thread-safe. Callers keep the returned executors rather than calling back here during shutdown, since the
 * destruction order of application-scoped beans is unspecified; work handed to a shut-down executor is rejected,
 * which every caller handles.
 *
 * <p><b>Lifecycle.</b> One per application ({@code @ApplicationScoped}), shared by {@code WebSocketTransport} and
 * {@code SseTransport}; created when the first transport starts; destroyed when the application stops, which stops
 * the timer and the pool it owns. A container's managed executor or thread factory is never shut down here.
 */
@ApplicationScoped
public class StreamThreads {

    static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";
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
    private Drains drains;
    private ClassLoader loader;                    // the application's, for drains on container I/O threads
    private final Map<Executor, Drains> ioThreadDrains = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemons("melody-stream-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
        ThreadFactory managedThreads = lookup(MANAGED_THREAD_FACTORY, ThreadFactory.class);
        ExecutorService managed = managedThreads == null ? lookup(MANAGED_EXECUTOR, ExecutorService.class) : null;
        ownExecutor = managed == null;
        if (managedThreads != null) {
            LOG.log(Level.DEBUG, "Stream writers use up to " + POOL_SIZE + " threads of " + MANAGED_THREAD_FACTORY);
            executor = pool(orDaemons(managedThreads));
        } else if (managed != null) {
            LOG.log(Level.DEBUG, "Stream writers use " + MANAGED_EXECUTOR);
            executor = managed;
        } else {
            LOG.log(Level.DEBUG, "No managed threads; stream writers use up to " + POOL_SIZE + " daemon threads");
            executor = pool(daemons("melody-stream-writer"));
        }
        drains = new Drains(executor, POOL_SIZE, null);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        loader = context != null ? context : StreamThreads.class.getClassLoader();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        ioThreadDrains.clear();
        if (ownExecutor) {
            executor.shutdown();
        }
    }

    /** A pool of up to {@value #POOL_SIZE} threads from {@code threads}, made as needed and ended when idle. */
    static ExecutorService pool(ThreadFactory threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_SIZE, POOL_SIZE, POOL_IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Threads from {@code managed}, or a daemon thread when it refuses one (a server may stop its factory before the
     * application's last closes have run): a pool whose factory fails would leave queued work with no thread.
     */
    static ThreadFactory orDaemons(ThreadFactory managed) {
        ThreadFactory fallback = daemons("melody-stream-writer");
        return runnable -> {
            Thread thread;
            try {
                thread = managed.newThread(runnable);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "The managed thread factory refused a thread; using a daemon thread", e);
                thread = null;
            }
            return thread != null ? thread : fallback.newThread(runnable);
        };
    }

    private static <T> T lookup(String name, Class<T> type) {
        try {
            Object found = new InitialContext().lookup(name);
            return type.isInstance(found) ? type.cast(found) : null;
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
     * @return the pool owned here (on managed threads where the server has them), or the server's managed executor
     */
    public ExecutorService executor() {
        return executor;
    }

    /**
     * Returns the drains of the writers pool: where writers' drains run unless their connection's I/O thread takes
     * them.
     *
     * @return the drains over {@link #executor()}, with up to {@value #POOL_SIZE} runners
     */
    public Drains drains() {
        return drains;
    }

    /**
     * Returns the drains of one container I/O thread, made on first use: one runner, so that every connection of
     * that thread is drained in one task per wake-up, with the application's context class loader.
     *
     * @param ioThread the thread, as an executor
     * @return its drains
     */
    public Drains drainsOn(Executor ioThread) {
        return ioThreadDrains.computeIfAbsent(ioThread, thread -> new Drains(thread, 1, loader));
    }

    /**
     * Returns the timer for the registries' sweeps and other tasks that must not block.
     *
     * @return the single-thread timer
     */
    public ScheduledExecutorService timer() {
        return timer;
    }
}
