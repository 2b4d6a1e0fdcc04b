package dev.melody.example.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The devices and their tasks, kept in memory: the example's stand-in for a database.
 *
 * <p>CDI makes one instance per application (so one per node of a cluster), which lives as long as the application;
 * it is safe for concurrent use by request threads and WebSocket read threads. Task ids are
 * {@code <node>-<n>}: a random tag of this instance, then a counter. Nodes of a cluster each keep their own tasks,
 * and their events meet on the same topics, so an id must never name two tasks: with a bare counter, a page on
 * node B acknowledging task {@code 1} of node A would acknowledge B's own task {@code 1}. A task is known, and so
 * acknowledged, only by the node that created it; a real application keeps its tasks in a shared database.
 */
@ApplicationScoped
public class Devices {

    private static final List<String> DEVICE_IDS = List.of("42", "7", "1001");
    private static final int NODE_TAG_BYTES = 4;

    private final String nodeTag = newNodeTag();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong nextTaskNumber = new AtomicLong(1);

    /** Returns the known device ids. */
    public List<String> ids() {
        return DEVICE_IDS;
    }

    /** Tells whether a device exists. */
    public boolean exists(String deviceId) {
        return DEVICE_IDS.contains(deviceId);
    }

    /** Creates a task for a device. */
    public Task createTask(String deviceId, String title) {
        long number = nextTaskNumber.getAndIncrement();
        Task task = new Task(nodeTag + "-" + number, deviceId, title, Instant.now(), null);
        tasks.put(task.id(), task);
        return task;
    }

    /** Marks an open task acknowledged, once; returns it, or empty when no such open task is on that device. */
    public Optional<Task> acknowledge(String deviceId, String taskId) {
        Task task = tasks.get(taskId);
        if (task == null || !task.deviceId().equals(deviceId) || task.ackedAt() != null) {
            return Optional.empty();
        }
        Task acked = task.acked(Instant.now());
        return tasks.replace(taskId, task, acked) ? Optional.of(acked) : Optional.empty();
    }

    /** Returns a device's tasks, oldest first. */
    public List<Task> tasksOf(String deviceId) {
        return tasks.values().stream().filter(task -> task.deviceId().equals(deviceId))
                .sorted(Comparator.comparingLong(this::numberOf)).toList();
    }

    private long numberOf(Task task) {
        return Long.parseLong(task.id().substring(nodeTag.length() + 1));
    }

    private static String newNodeTag() {
        byte[] tag = new byte[NODE_TAG_BYTES];
        new SecureRandom().nextBytes(tag);
        return HexFormat.of().formatHex(tag);
    }
}
