package dev.melody.stream.impl.cdi;

import dev.melody.stream.Broadcast;
import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Hands every fired {@link Broadcast} CDI event to the hub.
 *
 * <p><b>Role.</b> Makes {@code broadcasts.fire(new Broadcast(topic, event))} and {@code fireAsync(...)} equivalent
 * to {@link ServerSentEventHub#broadcast}. The synchronous observer runs on the firing thread and returns as soon
 * as the event is queued for every subscriber; the asynchronous one runs on the container's async-event thread.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless apart from the injected hub; one instance per application.
 */
@ApplicationScoped
public class BroadcastObserver {

    private final ServerSentEventHub hub;

    /**
     * Creates the observer.
     *
     * @param hub the application's hub
     */
    @Inject
    public BroadcastObserver(ServerSentEventHub hub) {
        this.hub = hub;
    }

    /** Required by CDI to proxy this bean; never used directly. */
    protected BroadcastObserver() {
        this.hub = null;
    }

    void onBroadcast(@Observes Broadcast broadcast) {
        hub.broadcast(broadcast.topic(), broadcast.event());
    }

    void onBroadcastAsync(@ObservesAsync Broadcast broadcast) {
        hub.broadcast(broadcast.topic(), broadcast.event());
    }
}
