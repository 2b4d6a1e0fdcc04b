package dev.melody.stream.redis;

import dev.melody.stream.backplane.conformance.BackplaneConformanceSuite;
import dev.melody.stream.backplane.conformance.BackplaneFixture;

/** The backplane conformance suite against a real Redis. */
class RedisConformanceTest extends BackplaneConformanceSuite {

    @Override
    protected BackplaneFixture newFixture() {
        return new RedisFixture();
    }
}
