package dev.melody.stream.amqp;

import dev.melody.stream.backplane.conformance.BackplaneConformanceSuite;
import dev.melody.stream.backplane.conformance.BackplaneFixture;

/** The conformance suite on a new embedded Qpid Broker-J per test. */
class AmqpQpidConformanceTest extends BackplaneConformanceSuite {

    private AmqpFixture fixture;

    @Override
    protected BackplaneFixture newFixture() {
        fixture = new AmqpFixture(Brokers::qpid, false);
        return fixture;
    }

    /** Qpid runs in this JVM, with threads of its own per connection: only the nodes' threads count. */
    @Override
    protected boolean countsAsBackplaneThread(Thread thread) {
        return fixture.madeForANode(thread);
    }
}
