package dev.melody.stream.impl.sse;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** Produces the options of the test server being started; set by {@link SseTestServer} before Weld boots. */
@Dependent
public class SseTestOptions {

    static volatile StreamOptions current = StreamOptions.defaults();

    @Produces
    StreamOptions options() {
        return current;
    }
}
