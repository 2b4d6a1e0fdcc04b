package dev.melody.stream.backplane.conformance;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.spi.Backplane;

/**
 * One node of a test's cluster: a real hub and the backplane node the fixture made for it.
 *
 * <p><b>Thread-safety.</b> The hub is thread-safe; the record is immutable.
 *
 * <p><b>Lifecycle.</b> Made by the suite; the hub is shut down (closing the backplane) at the end of the test.
 *
 * @param name the node's name in failure messages
 * @param hub the node's hub
 * @param backplane the node's backplane, for the fixture's {@code connected} and {@code malformed}
 */
record Node(String name, ServerSentEventHub hub, Backplane backplane) {

    Reader subscribe(String topic) {
        return new Reader(name, hub.subscribe(topic));
    }

    Reader resume(String topic, String lastEventId) {
        return new Reader(name, hub.subscribe(topic, lastEventId, null));
    }

    void broadcast(String topic, String data) {
        hub.broadcast(topic, ServerSentEvent.of(data));
    }
}
