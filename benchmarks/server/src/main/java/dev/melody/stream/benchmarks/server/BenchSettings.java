package dev.melody.stream.benchmarks.server;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The library's options for benchmark runs: defaults, except a subscriber queue deep enough to hold a whole
 * fan-out burst ({@value #DEFAULT_BUFFER} events), so that a throughput run compares delivery speed rather than
 * the overflow policy. The raw baselines queue without any bound inside the server, so this is still the stricter
 * side. {@code -Dbench.subscriberBuffer=N} on the server's command line changes it.
 *
 * <p>Thread-safety: stateless. One bean per application.
 */
@ApplicationScoped
public class BenchSettings {

    static final int DEFAULT_BUFFER = 256;
    static final String BUFFER_PROPERTY = "bench.subscriberBuffer";

    @Produces
    StreamOptions options() {
        return StreamOptions.builder().subscriberBuffer(Integer.getInteger(BUFFER_PROPERTY, DEFAULT_BUFFER)).build();
    }
}
