package dev.melody.stream.amqp;

import dev.melody.stream.amqp.testing.AmqpBroker;
import dev.melody.stream.amqp.testing.QpidBroker;
import dev.melody.stream.amqp.testing.RabbitMqNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the tests get their brokers: Qpid always; RabbitMQ when installed, or required by -Damqp.rabbitmq. */
final class Brokers {

    /** The system property that makes the RabbitMQ tests fail, instead of being skipped, without rabbitmq-server. */
    static final String RABBITMQ_PROPERTY = "amqp.rabbitmq";

    private Brokers() {
    }

    static AmqpBroker qpid() throws IOException {
        return QpidBroker.start();
    }

    /** Starts a private RabbitMQ node, or skips the calling test with the reason when RabbitMQ is not installed. */
    static AmqpBroker rabbitMq() throws IOException {
        if (!"required".equals(System.getProperty(RABBITMQ_PROPERTY))) {
            Assumptions.assumeTrue(RabbitMqNode.installed().isPresent(), "rabbitmq-server is not installed "
                    + "(apt-get install rabbitmq-server): RabbitMQ tests skipped; -D" + RABBITMQ_PROPERTY
                    + "=required makes them fail instead");
        }
        return RabbitMqNode.start(Path.of("target"));
    }
}
