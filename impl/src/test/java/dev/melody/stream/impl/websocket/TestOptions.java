package dev.melody.stream.impl.websocket;

import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** Produces the options of the test server being started; set by {@link TestServer} before Weld boots. */
@Dependent
public class TestOptions {

    static volatile StreamOptions current = StreamOptions.defaults();

    @Produces
    StreamOptions options() {
        return current;
    }
}
