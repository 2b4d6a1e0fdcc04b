package dev.melody.stream.impl.connection;

import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * An application's observers of the lifecycle events, for the tests of observer isolation on every transport: one
 * that throws, notified first ({@code @Priority} 1), and one that records, notified after it.
 */
public final class LifecycleObservers {

    /** What the throwing observers throw. */
    public static final String FAILURE = "lifecycle observer failure on purpose";

    private LifecycleObservers() {
    }

    /** Throws on every {@code StreamOpened} and {@code StreamClosed}, before any other observer runs. */
    @ApplicationScoped
    public static class Throwing {

        void onOpened(@Observes @Priority(1) StreamOpened event) {
            throw new IllegalStateException(FAILURE);
        }

        void onClosed(@Observes @Priority(1) StreamClosed event) {
            throw new IllegalStateException(FAILURE);
        }
    }

    /** Records every event it is notified of, in order, after the throwing observer ({@code @Any}, priority 2). */
    @ApplicationScoped
    public static class Recording {

        private final List<Object> seen = new CopyOnWriteArrayList<>();

        /**
         * Returns the events seen so far.
         *
         * @return a copy, in notification order
         */
        public List<Object> seen() {
            return List.copyOf(seen);
        }

        void onOpened(@Observes @Any @Priority(2) StreamOpened event) {
            seen.add(event);
        }

        void onClosed(@Observes @Priority(2) StreamClosed event) {
            seen.add(event);
        }

        /**
         * Waits, with a bound, until an event seen matches.
         *
         * @param <T> the event type
         * @param type the event type
         * @param matching what the event must satisfy
         * @param bound the longest wait
         * @return the first such event, or {@code null} if none came within the bound
         */
        public <T> T await(Class<T> type, Predicate<T> matching, Duration bound) {
            long deadline = System.nanoTime() + bound.toNanos();
            do {
                for (Object event : seen) {
                    if (type.isInstance(event) && matching.test(type.cast(event))) {
                        return type.cast(event);
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));      // bounded polling, not a timing
            } while (System.nanoTime() - deadline < 0);
            return null;
        }
    }
}
