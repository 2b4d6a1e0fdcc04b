package dev.melody.stream.amqp.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Each broker answers AMQP 0-9-1 on its port, closes it when stopped, and answers again on it after a restart. */
class BrokersTest {

    private static void stopsAndRestartsOnTheSamePort(AmqpBroker broker) throws Exception {
        int port = broker.port();
        assertTrue(AmqpProbe.answers(port), broker.describe() + " answers AMQP");
        assertTrue(broker.uri().startsWith("amqp://guest:guest@127.0.0.1:" + port), broker.uri());
        broker.stop();
        assertFalse(broker.isRunning());
        assertFalse(AmqpProbe.accepts(port), "the port closed");
        broker.restart();
        assertTrue(broker.isRunning());
        assertTrue(AmqpProbe.answers(port), "the same port after a restart");
        broker.close();
        assertFalse(AmqpProbe.accepts(port), "closed for good");
    }

    @Test
    void qpidAnswersStopsAndRestartsOnTheSamePort() throws Exception {
        try (QpidBroker qpid = QpidBroker.start()) {
            stopsAndRestartsOnTheSamePort(qpid);
        }
    }

    @Test
    void rabbitMqNodeAnswersStopsAndRestartsOnTheSamePort() throws Exception {
        boolean required = "required".equals(System.getProperty("amqp.rabbitmq"));
        if (!required) {
            Assumptions.assumeTrue(RabbitMqNode.installed().isPresent(),
                    "rabbitmq-server is not installed: the RabbitMQ test is skipped (-Damqp.rabbitmq=required fails)");
        }
        try (RabbitMqNode node = RabbitMqNode.start(Path.of("target"))) {
            stopsAndRestartsOnTheSamePort(node);
        }
    }
}
