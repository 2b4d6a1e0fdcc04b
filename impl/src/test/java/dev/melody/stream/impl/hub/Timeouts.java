package dev.melody.stream.impl.hub;

import java.time.Duration;

/** The one bound every hub test waits with; generous, since it only limits how long a failing test hangs. */
final class Timeouts {

    static final Duration WAIT = Duration.ofSeconds(10);

    private Timeouts() {
    }
}
