package dev.melody.stream.amqp;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.BackplaneContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/** A backplane context for tests: settings from the options only, daemon threads it records, a fixed name. */
final class TestContext implements BackplaneContext {

    private final StreamOptions options;
    private final String name;
    /** Every thread the factory made, in order. */
    final List<Thread> made = new CopyOnWriteArrayList<>();

    TestContext(StreamOptions options, String name) {
        this.options = options;
        this.name = name;
    }

    @Override
    public StreamOptions options() {
        return options;
    }

    @Override
    public Optional<String> setting(String key) {
        return options.setting(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    @Override
    public ThreadFactory threadFactory() {
        return runnable -> {
            Thread thread = new Thread(runnable, "test-factory-" + name + "-" + made.size());
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        };
    }

    @Override
    public String applicationName() {
        return name;
    }
}
