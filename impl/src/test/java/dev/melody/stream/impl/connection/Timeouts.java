package dev.melody.stream.impl.connection;

import java.time.Duration;

/** The one bound every test of this package waits with; generous, since it only limits a failing test. */
final class Timeouts {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Timeouts() {
    }
}
