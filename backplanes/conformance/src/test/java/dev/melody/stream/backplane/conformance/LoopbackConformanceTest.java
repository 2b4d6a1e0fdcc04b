package dev.melody.stream.backplane.conformance;

/** The conformance suite against the known-good relaying backplane over the in-memory loopback broker. */
class LoopbackConformanceTest extends BackplaneConformanceSuite {

    @Override
    protected BackplaneFixture newFixture() {
        return new LoopbackFixture();
    }
}
