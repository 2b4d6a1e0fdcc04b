package dev.melody.stream.benchmarks.server;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Targets that a WAR overlaying this one adds beside the library and the baselines, for example a peer framework's
 * broadcaster (the Atmosphere WAR's {@code atmo}): the publisher ({@code POST /bench/publish?target=NAME}) sends
 * through a registered target, and the status probe reports its subscribers per topic as {@code NAME=N}.
 *
 * <p>Thread-safety: all methods may be called from any thread. Lifecycle: one registry per deployment (static, as
 * {@link RawSockets} is, so that an overlay's code needs nothing from the container to reach it); an overlay
 * registers its targets when its framework starts and they stay until the application stops.
 */
public final class AddedTargets {

    /**
     * One added target: a broadcast to a topic's clients and their count.
     *
     * <p>Thread-safety: implementations are called from any request thread, concurrently.
     */
    public interface Target {

        /**
         * Sends one text to every client of a topic; returns without waiting for the deliveries.
         *
         * @param topic the topic whose clients get the text
         * @param text the message, as the publisher builds it
         */
        void broadcast(String topic, String text);

        /**
         * Returns how many clients are subscribed to a topic now.
         *
         * @param topic the topic asked about
         * @return the topic's clients, 0 for a topic nobody joined
         */
        int count(String topic);
    }

    private static final Map<String, Target> TARGETS = new ConcurrentHashMap<>();

    private AddedTargets() {
    }

    /**
     * Registers a target under a name the publisher and the status probe use.
     *
     * @param name the target's name, not one of {@code hub}, {@code raw} and {@code raw-sse}
     * @param target the target
     * @throws IllegalArgumentException when the name is one of the WAR's own targets
     */
    public static void register(String name, Target target) {
        if (PublishResource.TARGET_HUB.equals(name) || PublishResource.TARGET_RAW.equals(name)
                || PublishResource.TARGET_RAW_SSE.equals(name)) {
            throw new IllegalArgumentException("'" + name + "' is one of the benchmark WAR's own targets");
        }
        TARGETS.put(name, Objects.requireNonNull(target, "target"));
    }

    /** Returns the target registered under a name, or null. */
    static Target named(String name) {
        return name == null ? null : TARGETS.get(name);
    }

    /** Returns {@code " NAME=N"} for every registered target and a topic (empty when none is registered). */
    static String counts(String topic) {
        StringBuilder counts = new StringBuilder();
        new TreeMap<>(TARGETS).forEach((name, target) -> counts.append(' ').append(name).append('=')
                .append(topic == null ? 0 : target.count(topic)));
        return counts.toString();
    }
}
