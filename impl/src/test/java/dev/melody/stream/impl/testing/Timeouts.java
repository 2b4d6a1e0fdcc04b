package dev.melody.stream.impl.testing;

import java.time.Duration;

/**
 * The one bound every test of {@code impl} waits with (for a latch, a queue, a future, a client's close).
 *
 * <p><b>Role.</b> It only limits how long a failing test hangs; a passing test never waits for it, so it is generous
 * enough for a loaded CI machine and no test asserts anything about elapsed time.
 *
 * <p><b>Thread-safety and lifecycle.</b> A constant holder; never instantiated.
 */
public final class Timeouts {

    /** How long any test waits for something that should happen, before it fails. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private Timeouts() {
    }
}
