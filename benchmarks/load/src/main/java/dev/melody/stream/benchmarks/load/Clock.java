package dev.melody.stream.benchmarks.load;

import java.time.Instant;

/**
 * The wall clock in microseconds, the same reading the benchmark WAR stamps into each message; client and server
 * share the machine, so their difference is the broadcast-to-receive latency.
 *
 * <p>Stateless and thread-safe.
 */
final class Clock {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;

    private Clock() {
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * MICROS_PER_SECOND + now.getNano() / NANOS_PER_MICRO;
    }
}
