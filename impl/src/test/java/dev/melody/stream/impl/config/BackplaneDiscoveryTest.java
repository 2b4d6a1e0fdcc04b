package dev.melody.stream.impl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.BackplaneContext;
import dev.melody.stream.spi.BackplaneProvider;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Backplanes enabled by configuration alone: found on the class path, configured by key, refused with the key. */
class BackplaneDiscoveryTest {

    static final String KEY = "melody.stream.test.backplane";

    /** Listed in this module's test {@code META-INF/services}; makes a backplane only when {@value #KEY} is set. */
    public static final class KeyedProvider implements BackplaneProvider {
        @Override
        public Optional<Backplane> create(BackplaneContext context) {
            Optional<String> value = context.setting(KEY);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (value.get().equals("bad")) {
                throw new IllegalArgumentException(KEY + "='bad' is not a test backplane");
            }
            return Optional.of(new Made(context, value.get()));
        }
    }

    /** What the provider made, with what it was given. */
    record Made(BackplaneContext context, String value) implements Backplane {
        @Override
        public CompletionStage<?> publish(String topic, ServerSentEvent event) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void withoutItsKeyNoBackplaneIsMade() {
        assertFalse(BackplaneDiscovery.discover(StreamOptions.defaults(), "/app").isPresent());
    }

    @Test
    void theKeyFromTheOptionsMakesTheBackplaneWithTheApplicationsContext() {
        StreamOptions options = StreamOptions.builder().setting(KEY, "  on  ").build();

        Made made = (Made) BackplaneDiscovery.discover(options, "/app").orElseThrow();

        assertEquals("on", made.value(), "settings are trimmed");
        assertSame(options, made.context().options());
        assertEquals("/app", made.context().applicationName());
        Thread thread = made.context().threadFactory().newThread(() -> { });
        assertNotNull(thread);
        assertTrue(thread.isDaemon(), "no managed thread factory here: daemon threads");
    }

    @Test
    void aSystemPropertyIsTheLastPlaceASettingIsLookedFor() {
        System.setProperty(KEY, "from-property");
        try {
            Made made = (Made) BackplaneDiscovery.discover(StreamOptions.defaults(), "").orElseThrow();
            assertEquals("from-property", made.value());
            assertEquals("application", made.context().applicationName());
            Made fromOptions = (Made) BackplaneDiscovery.discover(
                    StreamOptions.builder().setting(KEY, "from-options").build(), "").orElseThrow();
            assertEquals("from-options", fromOptions.value(), "the options' settings come first");
        } finally {
            System.clearProperty(KEY);
        }
    }

    @Test
    void aRefusedSettingFailsWithTheProvidersExplanation() {
        StreamOptions options = StreamOptions.builder().setting(KEY, "bad").build();

        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> BackplaneDiscovery.discover(options, "/app"));

        assertTrue(refused.getMessage().contains(KEY + "='bad'"), refused.getMessage());
    }
}
