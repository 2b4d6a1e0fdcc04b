package dev.melody.example.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The devices and their tasks, kept in memory: the example's stand-in for a database. */
@ApplicationScoped
public class Devices {

    private static final List<String> DEVICE_IDS = List.of("42", "7", "1001");

    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong nextTaskId = new AtomicLong(1);

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
        Task task = new Task(Long.toString(nextTaskId.getAndIncrement()), deviceId, title, Instant.now(), null);
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
                .sorted((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id()))).toList();
    }
}
