package dev.melody.stream.amqp;

import dev.melody.stream.amqp.testing.AmqpBroker;

/** The cluster tests on Apache Qpid Broker-J, embedded (always run). */
class QpidClusterTest extends AmqpClusterTests {

    @Override
    AmqpBroker startBroker() throws Exception {
        return Brokers.qpid();
    }
}
