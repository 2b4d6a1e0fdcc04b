package dev.melody.stream.impl.config;

import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The key lookup over MicroProfile Config.
 *
 * <p><b>Role.</b> The only class that touches MicroProfile Config types. It is loaded only after
 * {@link OptionsSource} has seen that the API is visible to the application, so the library has no hard dependency
 * on MicroProfile Config.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless; {@link #lookup()} captures the application's {@link Config}.
 */
final class MicroProfileConfigLookup {

    private MicroProfileConfigLookup() {
    }

    static Function<String, Optional<String>> lookup() {
        Config config = ConfigProvider.getConfig();
        return key -> config.getOptionalValue(key, String.class);
    }
}
