package dev.melody.stream.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.testing.Timeouts;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Batched wake-ups: a burst of drains becomes a few runner tasks, never more than the bound at once, every drain run
 * exactly once, with the given class loader; a refusing executor is reported to the submitter.
 */
class DrainsTest {

    /** An executor that holds its tasks until the test runs them, so that the order of events is the test's. */
    private static final class HeldExecutor implements java.util.concurrent.Executor {
        final Deque<Runnable> held = new ArrayDeque<>();
        int executed;

        @Override
        public void execute(Runnable task) {
            executed++;
            held.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = held.poll()) != null) {
                task.run();
            }
        }
    }

    @Test
    void aBurstOfDrainsIsTakenByAtMostTheBoundOfRunners() {
        HeldExecutor executor = new HeldExecutor();
        Drains drains = new Drains(executor, 4, null);
        AtomicIntegerArray runs = new AtomicIntegerArray(1_000);
        for (int i = 0; i < 1_000; i++) {
            int drain = i;
            drains.submit(() -> runs.incrementAndGet(drain));
        }
        assertEquals(1, executor.executed, "one runner for the whole burst until it runs");
        executor.runAll();
        assertTrue(executor.executed <= 4, "at most 4 runners, started " + executor.executed);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(1, runs.get(i), "drain " + i + " ran once");
        }
    }

    @Test
    void concurrentSubmittersNeverGetMoreRunnersThanTheBoundAndLoseNoDrain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Drains drains = new Drains(pool, 3, null);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostRunning = new AtomicInteger();
            int submitters = 4;
            int each = 5_000;
            CountDownLatch ran = new CountDownLatch(submitters * each);
            CountDownLatch submitted = new CountDownLatch(submitters);
            for (int s = 0; s < submitters; s++) {
                new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        drains.submit(() -> {
                            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            running.decrementAndGet();
                            ran.countDown();
                        });
                    }
                    submitted.countDown();
                }).start();
            }
            assertTrue(submitted.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(ran.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS), ran.getCount() + " drains not run");
            assertTrue(mostRunning.get() <= 3, "at most 3 drains at once, saw " + mostRunning.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDrainThatBlocksDoesNotHoldUpTheDrainsSubmittedAfterIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch later = new CountDownLatch(1);
        try {
            Drains drains = new Drains(pool, 4, null);
            drains.submit(() -> {
                blocking.countDown();
                try {
                    release.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);   // a send stuck on a client
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocking.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            drains.submit(later::countDown);
            assertTrue(later.await(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "the later drain ran while the first was blocked");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void drainsRunWithTheGivenClassLoaderAndTheThreadsOwnIsRestored() {
        HeldExecutor executor = new HeldExecutor();
        ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());
        Drains drains = new Drains(executor, 1, application);
        ClassLoader[] seen = new ClassLoader[1];
        drains.submit(() -> seen[0] = Thread.currentThread().getContextClassLoader());
        ClassLoader own = Thread.currentThread().getContextClassLoader();
        executor.runAll();
        assertSame(application, seen[0]);
        assertSame(own, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void anExecutorThatRefusesTheFirstRunnerIsReportedToTheSubmitter() {
        Drains drains = new Drains(task -> {
            throw new RejectedExecutionException("stopping");
        }, 2, null);
        assertThrows(RejectedExecutionException.class, () -> drains.submit(() -> { }));
    }
}
