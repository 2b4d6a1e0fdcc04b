package dev.melody.stream.impl.config;

import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.BackplaneContext;
import dev.melody.stream.spi.BackplaneProvider;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the backplane a deployment asks for by configuration alone: the {@link BackplaneProvider}s on the
 * application's class path (a backplane jar in {@code WEB-INF/lib}), each given the application's options, settings
 * and threads.
 *
 * <p><b>Role.</b> Used by the hub's producer when the application provides no {@code Backplane} bean. Settings are
 * read from the options' {@linkplain StreamOptions#setting(String) settings}, else MicroProfile Config, else system
 * properties. Backplane threads come from the container's {@code java:comp/DefaultManagedThreadFactory} where JNDI
 * offers it, else they are daemon threads.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static helpers; called once per application start, on the
 * deploying thread (JNDI and the thread context class loader are the application's there).
 */
public final class BackplaneDiscovery {

    static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private static final System.Logger LOG = System.getLogger(BackplaneDiscovery.class.getName());

    private BackplaneDiscovery() {
    }

    /**
     * Asks every provider on the class path, in service-loader order, and returns the first backplane made.
     *
     * @param options the hub's options
     * @param applicationName the application's name, for the backplane's logs
     * @return the backplane, or empty when no provider is present or configured
     * @throws InvalidConfigurationException when a provider refuses its configuration
     */
    public static Optional<Backplane> discover(StreamOptions options, String applicationName) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ServiceLoader<BackplaneProvider> providers = ServiceLoader.load(BackplaneProvider.class,
                loader != null ? loader : BackplaneDiscovery.class.getClassLoader());
        BackplaneContext context = new Context(options,
                OptionsSource.microProfileConfig().orElse(key -> Optional.empty()), managedThreads(),
                applicationName == null || applicationName.isEmpty() ? "application" : applicationName);
        try {
            for (BackplaneProvider provider : providers) {
                Optional<Backplane> made = create(provider, context);
                if (made.isPresent()) {
                    return made;
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new InvalidConfigurationException("A backplane provider on the class path cannot be loaded: "
                    + e.getMessage(), e);
        }
        return Optional.empty();
    }

    private static Optional<Backplane> create(BackplaneProvider provider, BackplaneContext context) {
        try {
            Optional<Backplane> made = provider.create(context);
            return made == null ? Optional.empty() : made;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
    }

    private static ThreadFactory managedThreads() {
        try {
            Object found = new InitialContext().lookup(MANAGED_THREAD_FACTORY);
            if (found instanceof ThreadFactory managed) {
                return managed;
            }
        } catch (NamingException | RuntimeException | LinkageError e) {
            LOG.log(Level.DEBUG, "No " + MANAGED_THREAD_FACTORY + "; backplane threads are daemon threads");
        }
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "melody-stream-backplane-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The context handed to providers; immutable. */
    private record Context(StreamOptions options, Function<String, Optional<String>> config,
                           ThreadFactory threadFactory, String applicationName) implements BackplaneContext {

        @Override
        public Optional<String> setting(String key) {
            Optional<String> value = options.setting(key);
            if (value.isEmpty()) {
                value = config.apply(key);
            }
            if (value.isEmpty()) {
                value = Optional.ofNullable(System.getProperty(key));
            }
            return value.map(String::trim).filter(v -> !v.isEmpty());
        }
    }
}
