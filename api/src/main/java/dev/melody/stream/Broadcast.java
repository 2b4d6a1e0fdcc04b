package dev.melody.stream;

import java.util.Objects;

/**
 * The CDI event an application fires to broadcast: {@code broadcasts.fire(new Broadcast("device-42", event))}.
 *
 * <p><b>Role.</b> A built-in observer hands every fired {@code Broadcast} to
 * {@link ServerSentEventHub#broadcast(String, ServerSentEvent)}, for {@code Event.fire} and {@code Event.fireAsync}
 * alike. With {@code fire}, the observer runs on the firing thread and returns as soon as the event is queued.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable record created by the application per broadcast.
 *
 * @param topic the topic, valid under {@link Topics}
 * @param event the event to deliver, not {@code null}
 */
public record Broadcast(String topic, ServerSentEvent event) {

    /** Creates a broadcast after checking the topic and the event. */
    public Broadcast {
        Topics.requireValid(topic);
        Objects.requireNonNull(event, "Broadcast event must not be null");
    }

    /**
     * Creates a broadcast of a plain data event.
     *
     * @param topic the topic, valid under {@link Topics}
     * @param data the payload
     * @return the broadcast
     */
    public static Broadcast of(String topic, String data) {
        return new Broadcast(topic, ServerSentEvent.of(data));
    }
}
