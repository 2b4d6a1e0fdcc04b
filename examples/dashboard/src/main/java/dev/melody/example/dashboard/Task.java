package dev.melody.example.dashboard;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A task sent to a device, and whether the device's operator acknowledged it.
 *
 * @param id the task id, {@code <node>-<n>} (see {@link Devices})
 * @param deviceId the device it was sent to
 * @param title what to do
 * @param createdAt when it was created
 * @param ackedAt when it was acknowledged, or {@code null}
 */
public record Task(String id, String deviceId, String title, Instant createdAt, Instant ackedAt) {

    /** Returns this task acknowledged at the given instant. */
    Task acked(Instant at) {
        return new Task(id, deviceId, title, createdAt, at);
    }

    /** Returns the task as JSON. */
    JsonObject toJson() {
        var json = Json.createObjectBuilder().add("id", id).add("deviceId", deviceId).add("title", title)
                .add("createdAt", createdAt.toString());
        if (ackedAt != null) {
            json.add("ackedAt", ackedAt.toString());
        }
        return json.build();
    }
}
