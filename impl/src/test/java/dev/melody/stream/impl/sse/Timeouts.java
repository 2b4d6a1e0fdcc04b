package dev.melody.stream.impl.sse;

import java.time.Duration;

/** The one bound every in-process SSE test waits with; generous, since it only limits how long a failing test hangs. */
final class Timeouts {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Timeouts() {
    }
}
