package dev.melody.stream.impl.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import dev.melody.stream.SubscriptionListener;
import dev.melody.stream.impl.testing.Timeouts;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Subscribing, closing, overflowing and shutting down concurrently with broadcasts leaks no subscription. */
class SubscriptionChurnTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 2_000;

    @Test
    void countsReturnToZeroAfterConcurrentSubscribeCloseAndOverflow() throws Exception {
        DefaultServerSentEventHub hub = new DefaultServerSentEventHub(StreamOptions.builder().subscriberBuffer(2)
                .overflowPolicy(OverflowPolicy.DISCONNECT).historySize(0).build(), null);
        AtomicInteger closedCallbacks = new AtomicInteger();
        AtomicInteger subscribed = new AtomicInteger();
        SubscriptionListener listener = new SubscriptionListener() {
            @Override
            public void onAvailable(Subscription subscription) {
            }

            @Override
            public void onClosed(Subscription subscription, CloseCause cause) {
                closedCallbacks.incrementAndGet();
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS * 2);
        for (int t = 0; t < THREADS; t++) {
            String topic = "topic-" + (t % 2);
            pool.execute(() -> run(failure, start, () -> {
                for (int i = 0; i < ROUNDS; i++) {
                    Subscription s = hub.subscribe(topic, listener);
                    subscribed.incrementAndGet();
                    if (i % 3 == 0) {
                        s.close();
                    }
                }
            }));
            pool.execute(() -> run(failure, start, () -> {
                for (int i = 0; i < ROUNDS; i++) {
                    hub.broadcast(topic, ServerSentEvent.of("x"));
                }
            }));
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(Timeouts.WAIT.toSeconds(), TimeUnit.SECONDS));
        assertNull(failure.get());

        hub.shutdown();
        assertEquals(0, hub.statistics().subscribers());
        assertEquals(0, hub.subscriberCount("topic-0") + hub.subscriberCount("topic-1"));
        assertEquals(subscribed.get(), closedCallbacks.get(), "every subscription closed exactly once");
    }

    private static void run(AtomicReference<Throwable> failure, CountDownLatch start, Runnable work) {
        try {
            start.await();
            work.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
