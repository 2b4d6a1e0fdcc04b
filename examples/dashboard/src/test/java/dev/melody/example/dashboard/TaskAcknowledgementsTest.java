package dev.melody.example.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The example's inbound parser answers every input, hostile or not, without throwing. */
class TaskAcknowledgementsTest {

    @Test
    void anAcknowledgementGivesItsTaskId() {
        String ack = "{\"type\":\"ack\",\"taskId\":\"t-7\"}";
        assertEquals(Optional.of("t-7"), TaskAcknowledgements.acknowledgedTaskId(ack));
    }

    @Test
    void otherMessagesAreNoAcknowledgement() {
        String[] texts = {"{\"type\":\"hello\"}", "{\"type\":\"ack\"}", "{\"type\":\"ack\",\"taskId\":7}",
            "{\"type\":7,\"taskId\":\"t\"}", "[1,2]", "\"ack\"", "", "{", "not json", "{\"type\":\"ack\"} trailing"};
        for (String text : texts) {
            assertEquals(Optional.empty(), TaskAcknowledgements.acknowledgedTaskId(text), text);
        }
    }

    @Test
    void deeplyNestedInputIsNoAcknowledgementRatherThanAnEscapingException() {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(Optional.empty(), TaskAcknowledgements.acknowledgedTaskId(nested));
        String nestedObject = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
        assertEquals(Optional.empty(), TaskAcknowledgements.acknowledgedTaskId(nestedObject));
    }
}
