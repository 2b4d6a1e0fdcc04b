package dev.melody.example.dashboard;

import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Receives the page's acknowledgements over its WebSocket and tells every viewer of the device.
 *
 * <p>Runs on the connection's read thread, so it only records and broadcasts, both of which return at once. Any
 * message that is not a well-formed acknowledgement is ignored (one FINE line): an observer that throws would close
 * the client's connection with 1011, and a client must not be able to provoke that with bad input.
 */
@ApplicationScoped
public class TaskAcknowledgements {

    private static final Logger LOG = Logger.getLogger(TaskAcknowledgements.class.getName());

    @Inject
    Devices devices;

    @Inject
    ServerSentEventHub hub;

    void onMessage(@Observes InboundMessage message) {
        if (!message.isText()) {
            return;
        }
        String deviceId = Topics.deviceIdOf(message.connection().topic());
        Optional<String> taskId = deviceId == null ? Optional.empty() : acknowledgedTaskId(message.text());
        if (taskId.isEmpty()) {
            LOG.fine(() -> "Ignoring a message that is not an ack: " + shortened(message.text()));
            return;
        }
        devices.acknowledge(deviceId, taskId.get()).ifPresent(task -> hub.broadcast(
                message.connection().topic(), ServerSentEvent.of("task.acked", task.toJson().toString())));
    }

    /**
     * Reads an acknowledgement, {@code {"type":"ack","taskId":"…"}}; anything else, malformed or hostile input
     * included, is no acknowledgement.
     *
     * @param text the message a client sent
     * @return the acknowledged task's id, or empty
     */
    static Optional<String> acknowledgedTaskId(String text) {
        JsonObject ack = parse(text);
        if (ack == null || !"ack".equals(ack.getString("type", null))) {
            return Optional.empty();
        }
        String taskId = ack.getString("taskId", "");
        return taskId.isEmpty() ? Optional.empty() : Optional.of(taskId);
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            // JSON-P implementations throw JsonException, IllegalStateException, or a plain RuntimeException
            // ("Input is too deeply nested"): every one of them means "not an acknowledgement", never a failure
            return null;
        }
    }

    private static String shortened(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "... (" + text.length() + " chars)";
    }
}
