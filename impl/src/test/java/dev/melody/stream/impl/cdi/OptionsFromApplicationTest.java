package dev.melody.stream.impl.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where options come from: an application producer wins over MicroProfile Config, which wins over defaults. */
class OptionsFromApplicationTest {

    private static final String BUFFER_KEY = "melody.stream.subscriberBuffer";

    /** An application's options producer. */
    @ApplicationScoped
    static class ApplicationOptions {
        @Produces
        StreamOptions options() {
            return StreamOptions.builder().subscriberBuffer(3).historySize(5).build();
        }
    }

    private static Weld container(Class<?>... applicationBeans) {
        return new Weld().disableDiscovery().addBeanClasses(HubProducer.class, BroadcastObserver.class)
                .addBeanClasses(applicationBeans).addExtension(new StartupValidation());
    }

    private static void configure(String value) {
        System.setProperty(BUFFER_KEY, value);
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }

    @AfterEach
    void forgetConfiguration() {
        System.clearProperty(BUFFER_KEY);
        ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
    }

    @Test
    void producedOptionsWinOverConfiguration() {
        configure("7");
        try (WeldContainer weld = container(ApplicationOptions.class).initialize()) {
            StreamOptions options = weld.select(ServerSentEventHub.class).get().options();
            assertEquals(3, options.subscriberBuffer());
            assertEquals(5, options.historySize());
        }
    }

    @Test
    void microProfileConfigKeysAreHonoured() {
        configure("7");
        try (WeldContainer weld = container().initialize()) {
            assertEquals(7, weld.select(ServerSentEventHub.class).get().options().subscriberBuffer());
        }
    }

    @Test
    void anInvalidKeyFailsDeploymentNamingKeyValueAndRule() {
        configure("0");
        DeploymentException e = assertThrows(DeploymentException.class, () -> container().initialize());
        String text = String.valueOf(e.getMessage()) + " " + e.getCause();
        assertTrue(text.contains("melody.stream.subscriberBuffer='0' must be between 1 and 1000000"), text);
    }
}
