package dev.melody.stream.impl.config;

import dev.melody.stream.StreamOptions;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides where the application's {@link StreamOptions} come from: producer, MicroProfile Config, or defaults.
 *
 * <p><b>Role.</b> An application {@code @Produces StreamOptions} bean wins; otherwise keys {@code melody.stream.*}
 * are read when MicroProfile Config is present at run time; otherwise the defaults apply.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static helpers; called once per application start.
 */
public final class OptionsSource {

    private static final System.Logger LOG = System.getLogger(OptionsSource.class.getName());
    private static final String MP_CONFIG_PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";

    private OptionsSource() {
    }

    /**
     * Resolves the options.
     *
     * @param produced the application's options, or empty when it produces none
     * @return the options to run with
     * @throws InvalidConfigurationException when a configuration key holds an unacceptable value
     */
    public static StreamOptions resolve(Optional<StreamOptions> produced) {
        if (produced.isPresent()) {
            LOG.log(Level.DEBUG, "Using StreamOptions from the application's producer");
            return produced.get();
        }
        Optional<Function<String, Optional<String>>> config = microProfileConfig();
        if (config.isPresent()) {
            return OptionsReader.read(config.get());
        }
        LOG.log(Level.DEBUG, "No StreamOptions producer and no MicroProfile Config: using the defaults");
        return StreamOptions.defaults();
    }

    /**
     * Returns the application's MicroProfile Config as a key lookup, when the server has it.
     *
     * @return the lookup, or empty when MicroProfile Config is absent or unusable
     */
    public static Optional<Function<String, Optional<String>>> microProfileConfig() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class.forName(MP_CONFIG_PROVIDER, false, loader != null ? loader : OptionsSource.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        try {
            return Optional.of(MicroProfileConfigLookup.lookup());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "MicroProfile Config API is visible but unusable (" + e
                    + "); melody.stream.* keys are not read");
            return Optional.empty();
        }
    }
}
