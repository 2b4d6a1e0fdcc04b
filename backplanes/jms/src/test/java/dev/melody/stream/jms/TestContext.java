package dev.melody.stream.jms;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.BackplaneContext;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/** A backplane context for tests: settings from the options only, daemon threads, a fixed name. */
record TestContext(StreamOptions options, String applicationName) implements BackplaneContext {

    static TestContext of(StreamOptions options, String name) {
        return new TestContext(options, name);
    }

    @Override
    public Optional<String> setting(String key) {
        return options.setting(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    @Override
    public ThreadFactory threadFactory() {
        return runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
    }
}
