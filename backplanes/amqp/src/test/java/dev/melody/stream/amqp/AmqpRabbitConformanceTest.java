package dev.melody.stream.amqp;

import dev.melody.stream.amqp.testing.AmqpBroker;
import dev.melody.stream.backplane.conformance.BackplaneConformanceSuite;
import dev.melody.stream.backplane.conformance.BackplaneFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on a private RabbitMQ node, one per class (restarted empty where a test stops it); skipped
 * when RabbitMQ is not installed, unless {@code -Damqp.rabbitmq=required}.
 */
class AmqpRabbitConformanceTest extends BackplaneConformanceSuite {

    private static AmqpBroker rabbitMq;

    @BeforeAll
    static void startRabbitMq() throws Exception {
        rabbitMq = Brokers.rabbitMq();
    }

    @AfterAll
    static void stopRabbitMq() {
        if (rabbitMq != null) {
            rabbitMq.close();
        }
    }

    @Override
    protected BackplaneFixture newFixture() {
        return new AmqpFixture(() -> rabbitMq, true);
    }
}
