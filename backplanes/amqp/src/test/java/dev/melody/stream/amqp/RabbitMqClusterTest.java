package dev.melody.stream.amqp;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.Channel;
import dev.melody.stream.amqp.testing.AmqpBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster tests on a private RabbitMQ node (skipped when RabbitMQ is not installed, unless required). */
class RabbitMqClusterTest extends AmqpClusterTests {

    @Override
    AmqpBroker startBroker() throws Exception {
        return Brokers.rabbitMq();
    }

    /** RabbitMQ tells a consumer that its queue is gone (Qpid Broker-J 9.2 does not, over AMQP 0-9-1). */
    @Test
    void aCancelledConsumerBreaksTheLinkPromptly() throws Exception {
        try (AmqpLink link = link("cancel")) {
            Channel own = link.connection().createChannel();   // the queue is exclusive to the link's connection
            own.queueDelete(link.queue());
            long deadline = System.nanoTime() + Node.TIMEOUT.toNanos();
            Exception broken = null;
            while (broken == null && System.nanoTime() < deadline) {
                try {
                    link.receive(Duration.ofMillis(100));
                } catch (Exception e) {
                    broken = e;
                }
            }
            assertNotNull(broken, "receive throws once the broker cancelled the consumer");
        }
    }
}
