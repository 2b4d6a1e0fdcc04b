package dev.melody.example.dashboard;

import dev.melody.stream.Broadcast;
import dev.melody.stream.ServerSentEvent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The REST API: list devices, list and create tasks. Creating a task broadcasts {@code task.created}. */
@Path("devices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    @Inject
    Devices devices;

    @Inject
    Event<Broadcast> broadcasts;

    @GET
    public String list() {
        JsonArrayBuilder ids = Json.createArrayBuilder();
        devices.ids().forEach(ids::add);
        return ids.build().toString();
    }

    @GET
    @Path("{id}/tasks")
    public String tasks(@PathParam("id") String deviceId) {
        requireDevice(deviceId);
        JsonArrayBuilder tasks = Json.createArrayBuilder();
        devices.tasksOf(deviceId).forEach(task -> tasks.add(task.toJson()));
        return tasks.build().toString();
    }

    @POST
    @Path("{id}/tasks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("id") String deviceId, JsonObject body) {
        requireDevice(deviceId);
        String title = body == null ? "" : body.getString("title", "").strip();
        if (title.isEmpty() || title.length() > 200) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_PLAIN)
                    .entity("title must be 1 to 200 characters").build();
        }
        Task task = devices.createTask(deviceId, title);
        broadcasts.fire(new Broadcast(Topics.of(deviceId), ServerSentEvent.of("task.created", task.toJson().toString())));
        return Response.created(URI.create("devices/" + deviceId + "/tasks/" + task.id()))
                .entity(task.toJson().toString()).build();
    }

    private void requireDevice(String deviceId) {
        if (!devices.exists(deviceId)) {
            throw new NotFoundException("no device " + deviceId);
        }
    }
}
