package dev.melody.stream.tck.app;

import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamConnection;
import dev.melody.stream.StreamOpened;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records, per topic, the lifecycle events it is notified of after {@link ThrowingLifecycleObserver} threw on them
 * ({@code @Priority(2)}): {@code opened <transport>} and {@code closed <transport> <cause>}; keeps the open
 * connections so the probe can close them from the server.
 *
 * <p><b>Thread-safety and lifecycle.</b> One per application; every access holds its lock, waiters are woken by
 * each event.
 */
@ApplicationScoped
public class LifecycleRecorder {

    private final Map<String, List<String>> events = new HashMap<>();            // guarded by this
    private final Map<String, List<StreamConnection>> open = new HashMap<>();    // guarded by this

    synchronized void onOpened(@Observes @Priority(2) StreamOpened event) {
        StreamConnection connection = event.connection();
        events.computeIfAbsent(connection.topic(), t -> new ArrayList<>()).add("opened " + connection.transport());
        open.computeIfAbsent(connection.topic(), t -> new ArrayList<>()).add(connection);
        notifyAll();
    }

    synchronized void onClosed(@Observes @Priority(2) StreamClosed event) {
        StreamConnection connection = event.connection();
        events.computeIfAbsent(connection.topic(), t -> new ArrayList<>())
                .add("closed " + connection.transport() + " " + event.cause());
        open.getOrDefault(connection.topic(), new ArrayList<>()).remove(connection);
        notifyAll();
    }

    /**
     * Waits until a topic has {@code count} recorded events or the bound passes.
     *
     * @param topic the topic
     * @param count the number of events awaited
     * @param bound the longest wait
     * @return the topic's events so far, in order
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized List<String> await(String topic, int count, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (events.getOrDefault(topic, List.of()).size() < count && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return List.copyOf(events.getOrDefault(topic, List.of()));
    }

    /**
     * Returns the open connections of a topic, as the recorder saw them open.
     *
     * @param topic the topic
     * @return a copy
     */
    public synchronized List<StreamConnection> open(String topic) {
        return List.copyOf(open.getOrDefault(topic, List.of()));
    }
}
