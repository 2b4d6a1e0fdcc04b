package dev.melody.stream.spi;

import dev.melody.stream.StreamOptions;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * What a {@link BackplaneProvider} gets from the library to make its backplane: the hub's options, the
 * application's settings, and threads that belong to the container.
 *
 * <p><b>Thread-safety.</b> Implementations are immutable and may be used from any thread.
 *
 * <p><b>Lifecycle.</b> Made by the library for one {@link BackplaneProvider#create} call; the backplane may keep
 * what it returns (the thread factory in particular) for its whole life.
 */
public interface BackplaneContext {

    /**
     * Returns the options the hub runs with: its history bounds ({@code historySize}, {@code historyTtl}) are the
     * bounds a shared history should keep too.
     *
     * @return the options
     */
    StreamOptions options();

    /**
     * Returns a setting by its full key, such as {@code melody.stream.redis.uri}: from the options'
     * {@linkplain StreamOptions#setting(String) settings}, else MicroProfile Config where the server has it, else a
     * Java system property.
     *
     * @param key the full key
     * @return the trimmed value, or empty when unset or blank
     */
    Optional<String> setting(String key);

    /**
     * Returns the factory for the backplane's own threads: the container's managed thread factory where there is one
     * (its threads run in the application's context), else one of daemon threads. Threads it makes are named by the
     * caller.
     *
     * @return the thread factory
     */
    ThreadFactory threadFactory();

    /**
     * Names the application, for log lines and metrics (its context path where known).
     *
     * @return a short name, never {@code null}
     */
    String applicationName();
}
