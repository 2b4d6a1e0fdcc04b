package dev.melody.stream.backplane.conformance;

import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Snapshots of the JVM's live threads, to tell which threads a node started and whether they ended.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions; not instantiable.
 */
final class Threads {

    /** Threads the JDK and the test runner start on their own, lazily, and keep: never a backplane's. */
    private static final Set<String> RUNTIME_PREFIXES = Set.of("process reaper", "Common-Cleaner",
            "ForkJoinPool.commonPool", "Attach Listener", "Signal Dispatcher", "Reference Handler", "Finalizer",
            "surefire", "JFR", "Notification Thread", "RMI", "Keep-Alive", "InnocuousThread");

    private Threads() {
    }

    /** The live threads now. */
    static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /** The live threads that were not in {@code before} and are the backplane's by {@code counts}. */
    static Set<String> startedSince(Set<Thread> before, Predicate<Thread> counts) {
        return live().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> RUNTIME_PREFIXES.stream().noneMatch(thread.getName()::startsWith))
                .filter(counts)
                .map(thread -> thread.getName() + (thread.isDaemon() ? " (daemon)" : ""))
                .collect(Collectors.toSet());
    }
}
