package dev.melody.example.dashboard;

import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.logging.Logger;

/**
 * Receives the page's acknowledgements over its WebSocket and tells every viewer of the device.
 *
 * <p>Runs on the connection's read thread, so it only records and broadcasts, both of which return at once.
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
        JsonObject ack = parse(message.text());
        if (deviceId == null || ack == null || !"ack".equals(ack.getString("type", null))) {
            LOG.fine(() -> "Ignoring a message that is not an ack: " + message.text());
            return;
        }
        devices.acknowledge(deviceId, ack.getString("taskId", "")).ifPresent(task -> hub.broadcast(
                message.connection().topic(), ServerSentEvent.of("task.acked", task.toJson().toString())));
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }
}
