package dev.melody.stream.benchmarks.server;

import java.time.Instant;

/**
 * The text every benchmark message carries: {@code <seq> <epochMicros> xxx…}, padded to a fixed size, so the client
 * finds lost and duplicated messages (sequence numbers) and the send-to-receive latency (the timestamp) without
 * parsing more than two numbers.
 *
 * <p>Stateless and thread-safe.
 */
final class Payload {

    private static final char PAD = 'x';
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;

    private Payload() {
    }

    /**
     * Builds one message.
     *
     * @param sequence the message's sequence number in its publication, from 1
     * @param size the message's length in characters; longer if the two numbers need more
     * @return the message text
     */
    static String of(long sequence, int size) {
        StringBuilder text = new StringBuilder(Math.max(size, 40));
        text.append(sequence).append(' ').append(nowMicros()).append(' ');
        while (text.length() < size) {
            text.append(PAD);
        }
        return text.toString();
    }

    /** Returns the wall clock in microseconds since the epoch; the client reads the same clock. */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * MICROS_PER_SECOND + now.getNano() / NANOS_PER_MICRO;
    }
}
