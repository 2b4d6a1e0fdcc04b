package dev.melody.stream.backplane.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The bounds of every wait in the suite, and the one bounded polling loop it waits with.
 *
 * <p><b>Thread-safety and lifecycle.</b> Constants and stateless static functions; not instantiable.
 */
final class Waits {

    /** The longest wait for something that must happen (an arrival, a reconnect, a shutdown). */
    static final Duration TIMEOUT = Duration.ofSeconds(BackplaneConformanceSuite.TIMEOUT_SECONDS);

    /**
     * How long the suite watches for something that must not happen (a duplicate, an echo, a replay) once everything
     * expected has arrived. Only ever used to prove an absence, never to wait for a condition.
     */
    static final Duration QUIET = Duration.ofMillis(300);

    private static final long POLL_NANOS = 5_000_000;

    private Waits() {
    }

    /**
     * Polls a condition until it holds, failing the test after {@link #TIMEOUT}.
     *
     * @param condition the condition, evaluated on the calling thread
     * @param what what is awaited, for the failure message (evaluated only on failure, so it may describe state)
     */
    static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);   // bounded polling, not synchronisation by sleeping
        }
    }
}
