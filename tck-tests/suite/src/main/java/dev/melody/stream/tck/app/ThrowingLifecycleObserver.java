package dev.melody.stream.tck.app;

import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A careless application observer: throws on every {@code StreamOpened} and {@code StreamClosed}, and is notified
 * before any other observer ({@code @Priority(1)}), so with a plain {@code Event.fire} the others would miss both
 * events.
 *
 * <p><b>Thread-safety and lifecycle.</b> One per application; called on the transports' threads, counts with an
 * atomic.
 */
@ApplicationScoped
public class ThrowingLifecycleObserver {

    /** The message of what it throws. */
    public static final String FAILURE = "lifecycle observer failure on purpose";

    private final AtomicInteger thrown = new AtomicInteger();

    void onOpened(@Observes @Priority(1) StreamOpened event) {
        thrown.incrementAndGet();
        throw new IllegalStateException(FAILURE);
    }

    void onClosed(@Observes @Priority(1) StreamClosed event) {
        thrown.incrementAndGet();
        throw new IllegalStateException(FAILURE);
    }

    /**
     * Returns how many times it threw.
     *
     * @return the count
     */
    public int thrown() {
        return thrown.get();
    }
}
