package dev.melody.stream.impl.websocket;

import java.time.Duration;

/** The one bound every in-process WebSocket test waits with; generous, since it only limits a failing test. */
final class Timeouts {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Timeouts() {
    }
}
