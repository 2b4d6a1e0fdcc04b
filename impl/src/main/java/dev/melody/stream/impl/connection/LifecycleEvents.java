package dev.melody.stream.impl.connection;

import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.enterprise.event.Event;
import java.lang.System.Logger.Level;

/**
 * The CDI events that announce a transport's connections: {@link StreamOpened} and {@link StreamClosed}.
 *
 * <p><b>Role.</b> Fires each event synchronously, on the calling thread (the opening thread for
 * {@code StreamOpened}, the first closer's for {@code StreamClosed}); an observer that throws is logged and never
 * reaches the connection, the transport or the other observers.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; may be used from any thread. Created by each transport when it
 * starts, from its injected {@link Event}s, and held by its {@link ConnectionRegistry}.
 *
 * @param opened the transport's injected {@code Event<StreamOpened>}
 * @param closed the transport's injected {@code Event<StreamClosed>}
 */
public record LifecycleEvents(Event<StreamOpened> opened, Event<StreamClosed> closed) {

    private static final System.Logger LOG = System.getLogger(LifecycleEvents.class.getName());

    /**
     * Fires {@link StreamOpened}; an observer's exception is logged and swallowed.
     *
     * @param event the event
     */
    public void fireOpened(StreamOpened event) {
        fireQuietly(opened, event);
    }

    /**
     * Fires {@link StreamClosed}; an observer's exception is logged and swallowed.
     *
     * @param event the event
     */
    public void fireClosed(StreamClosed event) {
        fireQuietly(closed, event);
    }

    private static <T> void fireQuietly(Event<T> event, T payload) {
        try {
            event.fire(payload);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An observer of " + payload.getClass().getSimpleName() + " threw " + e
                    + "; the connection and the other observers are unaffected", e);
        }
    }
}
