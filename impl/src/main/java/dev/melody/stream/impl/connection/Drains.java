package dev.melody.stream.impl.connection;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where writers' drains run: a queue of drains woken by broadcasts, taken by a few runner tasks of one executor, so
 * that a broadcast to ten thousand subscribers wakes a few threads instead of handing the executor ten thousand
 * tasks.
 *
 * <p><b>Role.</b> A broadcast signals every subscriber's writer; each idle writer {@linkplain #submit submits} its
 * drain here. A runner takes drains off the queue and runs them one after the other; while drains are waiting,
 * each drain a runner takes starts one more runner, up to {@code maxRunners}, so a burst is spread over the
 * executor's threads within a few steps. A drain submitted while every runner is inside a drain starts one more
 * runner (up to {@code maxRunners}), so a runner whose drain blocks (some containers' sends block on the calling
 * thread while the client stalls) never holds up the drains queued after it: as with one task per drain, it takes
 * {@code maxRunners} stalled clients at once to delay the others. With {@code maxRunners} of one over a container's I/O thread, the drains of every
 * connection of that thread run in one task per wake-up.
 *
 * <p><b>Thread-safety.</b> {@link #submit} may be called from any thread; the queue is lock-free. A drain is
 * submitted at most once at a time (its writer's work counter sees to it), so no drain runs concurrently with
 * itself.
 *
 * <p><b>Lifecycle.</b> One over the application's writers pool (held by {@link StreamThreads}) and one per container
 * I/O thread that drains run on; work submitted after the executor shut down is refused
 * ({@link RejectedExecutionException}), which the writer reports as a failed write.
 */
public final class Drains {

    private final Executor executor;
    private final int maxRunners;
    private final ClassLoader loader;                   // set around each run, or null to leave the thread's
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger runners = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();      // runners inside a drain
    private final Runnable runner = this::run;

    /**
     * Creates the drains of one executor.
     *
     * @param executor where runners run
     * @param maxRunners the most runners at once (the executor's useful parallelism)
     * @param loader the context class loader drains run with (the application's, on a container thread), or
     *     {@code null} to keep the thread's own
     */
    public Drains(Executor executor, int maxRunners, ClassLoader loader) {
        this.executor = executor;
        this.maxRunners = Math.max(1, maxRunners);
        this.loader = loader;
    }

    /**
     * Queues a drain and makes sure a runner will take it.
     *
     * @param drain the drain
     * @throws RejectedExecutionException if the executor refuses a runner and none is left to take it
     */
    public void submit(Runnable drain) {
        queue.offer(drain);
        waiting.incrementAndGet();
        if (busy.get() >= runners.get()) {              // no runner free to take it (none, or all in a drain)
            startRunner();
        }
    }

    private void startRunner() {
        if (runners.incrementAndGet() > maxRunners) {
            runners.decrementAndGet();
            return;
        }
        try {
            executor.execute(runner);
        } catch (RuntimeException rejected) {
            runners.decrementAndGet();
            if (runners.get() == 0) {
                throw rejected instanceof RejectedExecutionException r ? r
                        : new RejectedExecutionException(rejected);
            }
        }
    }

    private void run() {
        Thread current = Thread.currentThread();
        ClassLoader previous = loader == null ? null : current.getContextClassLoader();
        if (loader != null) {
            current.setContextClassLoader(loader);
        }
        try {
            while (true) {
                busy.incrementAndGet();                         // before the poll: a drain taken counts as busy
                Runnable drain = queue.poll();
                if (drain == null) {
                    busy.decrementAndGet();
                    break;
                }
                try {
                    if (waiting.decrementAndGet() > 0 && runners.get() < maxRunners) {
                        startQuietly();                         // more waiting: one more runner takes a share
                    }
                    runSafely(drain);
                } finally {
                    busy.decrementAndGet();
                }
            }
        } finally {
            if (loader != null) {
                current.setContextClassLoader(previous);
            }
            runners.decrementAndGet();
        }
        if (!queue.isEmpty() && busy.get() >= runners.get()) {   // submitted after the last poll, before the
            startQuietly();                                     // decrement, with every other runner in a drain
        }
    }

    private void startQuietly() {
        try {
            startRunner();
        } catch (RejectedExecutionException stopping) {
            runRemaining();                                 // the executor is gone: finish here, so nothing hangs
        }
    }

    private void runRemaining() {
        Runnable drain;
        while ((drain = queue.poll()) != null) {
            waiting.decrementAndGet();
            runSafely(drain);
        }
    }

    private static void runSafely(Runnable drain) {
        try {
            drain.run();
        } catch (RuntimeException e) {                      // a drain reports its own failures; never lose the runner
            System.getLogger(Drains.class.getName()).log(System.Logger.Level.DEBUG, "A drain threw", e);
        }
    }
}
