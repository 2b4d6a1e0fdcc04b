package dev.melody.stream.benchmarks.server;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The WebSocket baseline's sessions per topic and its broadcast: a plain loop over the sessions calling
 * {@code getAsyncRemote().sendText}, with nothing in between, which is what an application without a hub writes.
 *
 * <p>Two send modes. By default every send is fire-and-forget. With {@code -Dbench.raw.oneInFlight=true} (set for
 * Open Liberty, which fails a second send while one is in flight) each session keeps one send in flight and an
 * unbounded queue behind it, the next send started from the completion. NOTE: that chain recurses when a container
 * completes sends inline (Undertow does), so it is only for servers that complete on another thread.
 *
 * <p>Thread-safety: all methods may be called from any thread. One static instance per deployment: the endpoint
 * and the publisher share it without CDI so that the baseline needs nothing from the container but WebSocket.
 */
final class RawSockets {

    static final String ONE_IN_FLIGHT_PROPERTY = "bench.raw.oneInFlight";

    static final RawSockets INSTANCE = new RawSockets(Boolean.getBoolean(ONE_IN_FLIGHT_PROPERTY));

    private final boolean oneInFlight;
    private final Map<String, Set<Peer>> topics = new ConcurrentHashMap<>();
    private final Map<Session, Peer> peers = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();

    private RawSockets(boolean oneInFlight) {
        this.oneInFlight = oneInFlight;
    }

    void add(String topic, Session session) {
        Peer peer = new Peer(session);
        peers.put(session, peer);
        topics.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(peer);
    }

    void remove(String topic, Session session) {
        Peer peer = peers.remove(session);
        Set<Peer> set = topics.get(topic);
        if (peer != null && set != null) {
            set.remove(peer);
        }
    }

    int count(String topic) {
        Set<Peer> set = topics.get(topic);
        return set == null ? 0 : set.size();
    }

    long failures() {
        return failures.sum();
    }

    /** Sends one text to every session of the topic; returns how many sends were started or queued. */
    int broadcast(String topic, String text) {
        Set<Peer> set = topics.get(topic);
        if (set == null) {
            return 0;
        }
        int sent = 0;
        for (Peer peer : set) {
            if (oneInFlight) {
                peer.enqueue(text);
            } else {
                peer.session.getAsyncRemote().sendText(text, peer.handler);
            }
            sent++;
        }
        return sent;
    }

    /** One session of the baseline; its queue is used only in one-in-flight mode. */
    private final class Peer {
        private final Session session;
        private final Queue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean inFlight = new AtomicBoolean();
        private final SendHandler handler = result -> {
            if (!result.isOK()) {
                failures.increment();
            }
        };
        private final SendHandler chained = result -> {
            if (!result.isOK()) {
                failures.increment();
            }
            sendNext();
        };

        Peer(Session session) {
            this.session = session;
        }

        void enqueue(String text) {
            queue.add(text);
            if (inFlight.compareAndSet(false, true)) {
                sendNext();
            }
        }

        private void sendNext() {
            String next = queue.poll();
            if (next == null) {
                inFlight.set(false);
                if (!queue.isEmpty() && inFlight.compareAndSet(false, true)) {
                    sendNext();                    // a message raced the release: take it
                }
                return;
            }
            try {
                session.getAsyncRemote().sendText(next, chained);
            } catch (RuntimeException e) {
                failures.increment();
                queue.clear();
                inFlight.set(false);
            }
        }
    }
}
