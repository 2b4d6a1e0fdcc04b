package dev.melody.stream.tck.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What every client of the cluster test has in common: a name that says where it is connected, and the events it
 * received, in order, which a test waits on with a bound.
 *
 * <p><b>Thread-safety.</b> The transport's reader thread calls {@link #received(ReceivedEvent)}; the test thread reads
 * and waits. The list is guarded by this object's monitor.
 *
 * <p><b>Lifecycle.</b> Made connected by a subclass's factory; {@link #close()} ends the connection (idempotent).
 */
abstract class StreamClient implements AutoCloseable {

    private final String name;
    private final List<ReceivedEvent> events = new ArrayList<>(); // guarded by this
    private String endedBy; // guarded by this; why the stream ended, null while open

    /**
     * Creates a client.
     *
     * @param name where it is connected, e.g. {@code sse@wildfly}, used in failure messages
     */
    StreamClient(String name) {
        this.name = name;
    }

    /**
     * Returns where this client is connected.
     *
     * @return the name
     */
    String name() {
        return name;
    }

    /**
     * Records an event; called by the reader thread, in the order of the stream.
     *
     * @param event the event
     */
    final synchronized void received(ReceivedEvent event) {
        events.add(event);
        notifyAll();
    }

    /**
     * Records that the stream ended; called at most once by the reader thread.
     *
     * @param reason why, for failure messages
     */
    final synchronized void ended(String reason) {
        if (endedBy == null) {
            endedBy = reason;
        }
        notifyAll();
    }

    /**
     * Returns what was received so far.
     *
     * @return a copy of the events, in order
     */
    synchronized List<ReceivedEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Returns the events that are not markers.
     *
     * @return a copy of the application events, in order
     */
    List<ReceivedEvent> applicationEvents() {
        return events().stream().filter(e -> !e.isMarker()).toList();
    }

    /**
     * Waits, at most {@link Bounds#WAIT} (or {@code bound}), until the received events satisfy a condition.
     *
     * @param what the condition in words, for the failure message
     * @param condition tested on a copy of the events each time one arrives
     * @return the events at the moment the condition held
     * @throws AssertionError when it does not hold within the bound
     * @throws InterruptedException when interrupted
     */
    synchronized List<ReceivedEvent> await(String what, Predicate<List<ReceivedEvent>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Bounds.WAIT.toNanos();
        while (!condition.test(List.copyOf(events))) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || endedBy != null) {
                throw new AssertionError(name + ": " + what + " did not happen within " + Bounds.WAIT
                        + (endedBy != null ? " (the stream ended: " + endedBy + ")" : "") + "; received " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(events);
    }

    /**
     * Waits, at most {@code bound}, until the received events satisfy a condition, and says whether they did.
     *
     * @param condition tested on a copy of the events each time one arrives
     * @param bound how long to wait at most
     * @return {@code true} if the condition held within the bound
     * @throws InterruptedException when interrupted
     */
    synchronized boolean within(Predicate<List<ReceivedEvent>> condition, Duration bound)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.test(List.copyOf(events))) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || endedBy != null) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Waits until the client has received at least {@code count} application events (markers not counted).
     *
     * @param count how many
     * @return the first {@code count} application events
     * @throws InterruptedException when interrupted
     */
    List<ReceivedEvent> awaitApplicationEvents(int count) throws InterruptedException {
        await(count + " application events", list -> list.stream().filter(e -> !e.isMarker()).count() >= count);
        return applicationEvents().subList(0, count);
    }

    /**
     * Tells whether some event with this data was received.
     *
     * @param data the data
     * @return {@code true} if received
     */
    boolean hasData(String data) {
        return events().stream().anyMatch(e -> data.equals(e.data()));
    }

    @Override
    public abstract void close();

    @Override
    public String toString() {
        return name;
    }
}
