package dev.melody.stream.impl.websocket;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The threads the WebSocket transport writes and times on.
 *
 * <p><b>Role.</b> Writers drain on the container's {@code java:comp/DefaultManagedExecutorService} when it has one
 * (so they run with the application's context), else on a small pool of daemon threads owned here. Write-timeout
 * and ping checks run on one daemon timer thread, which only looks at state and hands work to the executor.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable holder; created once by {@link WebSocketTransport} and shut down
 * with it. A container's managed executor is never shut down here.
 */
final class WebSocketThreads {

    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedExecutorService";

    private static final System.Logger LOG = System.getLogger(WebSocketThreads.class.getName());

    private final ExecutorService executor;
    private final boolean ownExecutor;
    private final ScheduledExecutorService timer;

    private WebSocketThreads(ExecutorService executor, boolean ownExecutor, ScheduledExecutorService timer) {
        this.executor = executor;
        this.ownExecutor = ownExecutor;
        this.timer = timer;
    }

    static WebSocketThreads create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("melody-ws-timer"));
        timer.setRemoveOnCancelPolicy(true);
        ExecutorService managed = lookupManagedExecutor();
        if (managed != null) {
            return new WebSocketThreads(managed, false, timer);
        }
        int size = Math.max(2, Runtime.getRuntime().availableProcessors());
        LOG.log(Level.DEBUG, "No managed executor; WebSocket writers use " + size + " daemon threads");
        return new WebSocketThreads(Executors.newFixedThreadPool(size, daemons("melody-ws-writer")), true, timer);
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
