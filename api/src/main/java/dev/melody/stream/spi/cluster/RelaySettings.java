package dev.melody.stream.spi.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The tuning of a {@link RelayBackplane}, read by its broker module from that module's keys.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; fixed for the life of the relay.
 *
 * @param queueCapacity the broadcasts that may wait for the publisher thread; a broadcast finding it full is
 *        delivered locally only, counted, and announced to the other nodes by a gap notice
 * @param maxMessageBytes the largest envelope sent or accepted; larger ones are refused on both sides and counted
 * @param receiveWait how long one wait for a message lasts before the listener looks whether it must stop
 * @param initialBackoff the first wait before reconnecting; also how long a link must have lived for the next outage
 *        to start from it again
 * @param maxBackoff the longest wait before reconnecting; the wait doubles from {@code initialBackoff} up to it
 */
public record RelaySettings(int queueCapacity, int maxMessageBytes, Duration receiveWait, Duration initialBackoff,
                            Duration maxBackoff) {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a number is not positive or {@code maxBackoff < initialBackoff}
     */
    public RelaySettings {
        if (queueCapacity < 1 || maxMessageBytes < 1) {
            throw new IllegalArgumentException("queueCapacity and maxMessageBytes must be at least 1, not "
                    + queueCapacity + " and " + maxMessageBytes);
        }
        positive(receiveWait, "receiveWait");
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                    + initialBackoff);
        }
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /**
     * Returns Go Melody's reconnection (1 s doubling to 30 s) with a queue of 65,536 broadcasts, envelopes up to
     * 1 MiB and waits of 250 ms.
     *
     * @return the defaults
     */
    public static RelaySettings defaults() {
        return new RelaySettings(65_536, 1 << 20, Duration.ofMillis(250), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    /**
     * Returns these settings with another queue capacity and message bound.
     *
     * @param queueCapacity the queue capacity
     * @param maxMessageBytes the largest envelope
     * @return the new settings
     */
    public RelaySettings withLimits(int queueCapacity, int maxMessageBytes) {
        return new RelaySettings(queueCapacity, maxMessageBytes, receiveWait, initialBackoff, maxBackoff);
    }

    /**
     * Returns these settings with another reconnection backoff (tests shorten it).
     *
     * @param initial the first wait
     * @param max the longest wait
     * @return the new settings
     */
    public RelaySettings withBackoff(Duration initial, Duration max) {
        return new RelaySettings(queueCapacity, maxMessageBytes, receiveWait, initial, max);
    }
}
