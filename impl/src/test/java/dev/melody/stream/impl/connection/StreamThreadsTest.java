package dev.melody.stream.impl.connection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.testing.Timeouts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The writers' pool on a server's thread factory: work runs on the factory's threads, one thread serves many tasks
 * (the context is captured per thread, not per task), and a factory that refuses a thread never strands work.
 */
class StreamThreadsTest {

    @Test
    void poolRunsManyTasksOnFewThreadsOfTheFactory() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory managed = runnable -> {
            made.incrementAndGet();
            return new Thread(runnable, "managed-" + made.get());
        };
        ExecutorService pool = StreamThreads.pool(StreamThreads.orDaemons(managed));
        try {
            int tasks = 1_000;
            CountDownLatch done = new CountDownLatch(tasks);
            List<String> threadNames = new CopyOnWriteArrayList<>();
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    threadNames.add(Thread.currentThread().getName());
                    done.countDown();
                });
            }
            assertTrue(done.await(Timeouts.WAIT.toSeconds(), TimeUnit.SECONDS), "every task ran");
            assertTrue(threadNames.stream().allMatch(name -> name.startsWith("managed-")), "only the factory's threads");
            assertTrue(made.get() <= StreamThreads.POOL_SIZE,
                    "threads made once and reused: " + made.get() + " for " + tasks + " tasks");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void factoryThatThrowsOrReturnsNullGetsDaemonThreads() throws Exception {
        ThreadFactory throwing = runnable -> {
            throw new IllegalStateException("factory stopped");
        };
        ThreadFactory refusing = runnable -> null;
        for (ThreadFactory managed : List.of(throwing, refusing)) {
            Thread thread = StreamThreads.orDaemons(managed).newThread(() -> { });
            assertTrue(thread.isDaemon());
            assertTrue(thread.getName().startsWith("melody-stream-writer-"), thread.getName());

            ExecutorService pool = StreamThreads.pool(StreamThreads.orDaemons(managed));
            try {
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertTrue(ran.await(Timeouts.WAIT.toSeconds(), TimeUnit.SECONDS), "work is not stranded");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
