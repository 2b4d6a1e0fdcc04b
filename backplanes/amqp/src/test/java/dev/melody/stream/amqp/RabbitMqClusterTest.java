package dev.melody.stream.amqp;

import dev.melody.stream.amqp.testing.AmqpBroker;

/** The cluster tests on a private RabbitMQ node (skipped when RabbitMQ is not installed, unless required). */
class RabbitMqClusterTest extends AmqpClusterTests {

    @Override
    AmqpBroker startBroker() throws Exception {
        return Brokers.rabbitMq();
    }
}
