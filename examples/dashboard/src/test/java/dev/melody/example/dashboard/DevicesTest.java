package dev.melody.example.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two nodes of a cluster each keep their own tasks: their ids never collide, and each acks only its own. */
class DevicesTest {

    @Test
    void twoNodesNeverGiveTheSameTaskId() {
        Devices nodeA = new Devices();
        Devices nodeB = new Devices();
        Task first = nodeA.createTask("42", "on A");
        Task second = nodeB.createTask("42", "on B");
        assertNotEquals(first.id(), second.id());
    }

    @Test
    void aNodeAcknowledgesOnlyItsOwnTasksAndEachOnce() {
        Devices nodeA = new Devices();
        Devices nodeB = new Devices();
        Task onA = nodeA.createTask("42", "on A");
        nodeB.createTask("42", "on B");

        assertEquals(Optional.empty(), nodeB.acknowledge("42", onA.id()), "B does not know A's task");
        assertTrue(nodeA.acknowledge("42", onA.id()).isPresent(), "A acknowledges its task");
        assertEquals(Optional.empty(), nodeA.acknowledge("42", onA.id()), "only once");
        assertEquals(Optional.empty(), nodeA.acknowledge("7", onA.id()), "not on another device");
    }

    @Test
    void tasksAreListedOldestFirst() {
        Devices devices = new Devices();
        List<String> created = List.of(devices.createTask("42", "one").id(), devices.createTask("7", "other").id(),
                devices.createTask("42", "two").id(), devices.createTask("42", "three").id());
        List<String> listed = devices.tasksOf("42").stream().map(Task::id).toList();
        assertEquals(List.of(created.get(0), created.get(2), created.get(3)), listed);
    }
}
