package dev.melody.stream.jms;

import dev.melody.stream.backplane.conformance.BackplaneConformanceSuite;
import dev.melody.stream.backplane.conformance.BackplaneFixture;

/** The backplane conformance suite against an embedded Artemis broker. */
class JmsArtemisConformanceTest extends BackplaneConformanceSuite {

    @Override
    protected BackplaneFixture newFixture() {
        return new JmsArtemisFixture();
    }

    /**
     * The broker runs in this JVM and the Artemis client keeps process-wide thread pools by design: only the
     * backplane's own threads ({@code melody-jms-<application>-publisher} and {@code -listener}) must end with the node.
     */
    @Override
    protected boolean countsAsBackplaneThread(Thread thread) {
        return thread.getName().startsWith("melody-jms-");
    }
}
