package dev.melody.stream.tck.app;

import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application side of the WebSocket tests: records inbound texts per topic in arrival order, replies to
 * {@value #ECHO}… with {@code send}, throws on {@value #THROW}, and lets a probe wait (bounded) until a topic has a
 * given number of subscribers, woken by the lifecycle events.
 */
@ApplicationScoped
public class WebSocketRecorder {

    /** A frame starting with this is answered with {@code "echo " + rest} to the sender only. */
    public static final String ECHO = "echo:";

    /** A frame equal to this makes the observer throw. */
    public static final String THROW = "throw";

    @Inject
    ServerSentEventHub hub;

    private final Map<String, List<String>> inbound = new HashMap<>();      // guarded by this
    private final Map<String, List<String>> closeCauses = new HashMap<>();  // guarded by this

    void onInbound(@Observes InboundMessage message) {
        String text = message.isText() ? message.text() : "(binary)";
        synchronized (this) {
            inbound.computeIfAbsent(message.connection().topic(), t -> new ArrayList<>()).add(text);
        }
        if (text.startsWith(ECHO)) {
            message.connection().send(ServerSentEvent.of("echo " + text.substring(ECHO.length())));
        } else if (text.equals(THROW)) {
            throw new IllegalStateException("observer failure on purpose");
        }
    }

    synchronized void onOpened(@Observes StreamOpened event) {
        notifyAll();
    }

    synchronized void onClosed(@Observes StreamClosed event) {
        closeCauses.computeIfAbsent(event.connection().topic(), t -> new ArrayList<>()).add(event.cause().name());
        notifyAll();
    }

    /** Returns the texts received on a topic, in arrival order. */
    public synchronized List<String> inbound(String topic) {
        return List.copyOf(inbound.getOrDefault(topic, List.of()));
    }

    /** Returns the close causes of a topic's connections, in order. */
    public synchronized List<String> closeCauses(String topic) {
        return List.copyOf(closeCauses.getOrDefault(topic, List.of()));
    }

    /** Waits until the topic has {@code count} subscribers or the bound passes; returns the last count seen. */
    public synchronized int awaitSubscribers(String topic, int count, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        int seen = hub.subscriberCount(topic);
        while (seen != count && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            seen = hub.subscriberCount(topic);
        }
        return seen;
    }
}
