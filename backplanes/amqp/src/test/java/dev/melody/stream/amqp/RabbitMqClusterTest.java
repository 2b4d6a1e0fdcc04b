package dev.melody.stream.amqp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import dev.melody.stream.amqp.testing.AmqpBroker;
import dev.melody.stream.amqp.testing.RabbitMqNode;
import dev.melody.stream.spi.cluster.RelayMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cluster tests on a private RabbitMQ node (skipped when RabbitMQ is not installed, unless required). */
class RabbitMqClusterTest extends AmqpClusterTests {

    @Override
    AmqpBroker startBroker() throws Exception {
        return Brokers.rabbitMq();
    }

    /** During a memory alarm RabbitMQ blocks publishers: sends fail at once (never hang), and work again after it. */
    @Test
    void aResourceAlarmMakesSendsFailAtOnceAndTheyWorkAgainWhenItClears() throws Exception {
        RabbitMqNode node = (RabbitMqNode) broker;
        try (AmqpLink link = link("alarm")) {
            node.rabbitmqctl("set_vm_memory_high_watermark", "0.0000001");
            try {
                long[] sequence = {0};
                Node.await(() -> !sends(link, ++sequence[0]), "the broker to block publishing");
            } finally {
                node.rabbitmqctl("set_vm_memory_high_watermark", "0.4");
            }
            long[] sequence = {1000};
            Node.await(() -> sends(link, ++sequence[0]), "publishing to work again once the alarm cleared");
        }
    }

    private static boolean sends(AmqpLink link, long sequence) {
        try {
            link.send(new RelayMessage("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, sequence));
            return true;
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage().startsWith("the broker blocks publishing"), e.getMessage());
            return false;
        }
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
