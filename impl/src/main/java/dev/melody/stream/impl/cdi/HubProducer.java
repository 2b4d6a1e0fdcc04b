package dev.melody.stream.impl.cdi;

import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.impl.config.BackplaneDiscovery;
import dev.melody.stream.impl.config.OptionsSource;
import dev.melody.stream.impl.hub.DefaultServerSentEventHub;
import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.EventIdScheme;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.AmbiguousResolutionException;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Produces the application's one {@link ServerSentEventHub} and shuts it down with the application.
 *
 * <p><b>Role.</b> The bridge between CDI and the CDI-free hub: resolves {@link StreamOptions} (application producer,
 * else MicroProfile Config, else defaults) and the backplane (the application's {@link Backplane} bean, else one a
 * backplane jar on the class path makes from configuration, see {@link BackplaneDiscovery}), and disposes the
 * hub (closing every subscription with {@code SHUTDOWN}) when the application scope ends, which is undeploy.
 *
 * <p><b>Thread-safety and lifecycle.</b> The container calls the producer once per application (the hub is
 * {@code @ApplicationScoped}) and the disposer once at shutdown; both are thread-safe by construction.
 */
@ApplicationScoped
public class HubProducer {

    private static final System.Logger LOG = System.getLogger(HubProducer.class.getName());

    @Produces
    @ApplicationScoped
    ServerSentEventHub hub(Instance<StreamOptions> options, Instance<Backplane> backplanes,
                           Instance<EventIdScheme> idSchemes, Instance<ServletContext> servletContext) {
        StreamOptions resolved = OptionsSource.resolve(single(options, "StreamOptions"));
        Backplane backplane = single(backplanes, "Backplane")
                .or(() -> BackplaneDiscovery.discover(resolved, applicationName(servletContext)))
                .orElse(null);
        EventIdScheme ids = single(idSchemes, "EventIdScheme").orElse(null);
        LOG.log(Level.INFO, "Melody Stream hub started: " + resolved
                + (backplane == null ? "" : ", backplane " + backplane.getClass().getName())
                + (ids == null ? "" : ", event ids by " + ids.getClass().getName()));
        return new DefaultServerSentEventHub(resolved, backplane, ids, System::nanoTime);
    }

    void shutdown(@Disposes ServerSentEventHub hub) {
        hub.shutdown();
        LOG.log(Level.INFO, "Melody Stream hub shut down: " + hub.statistics());
    }

    private static String applicationName(Instance<ServletContext> servletContext) {
        try {
            return servletContext.isResolvable() ? servletContext.get().getContextPath() : "";
        } catch (RuntimeException e) {
            return "";   // no servlet context in this environment (plain CDI)
        }
    }

    private static <T> Optional<T> single(Instance<T> beans, String what) {
        if (beans.isUnsatisfied()) {
            return Optional.empty();
        }
        if (beans.isAmbiguous()) {
            throw new AmbiguousResolutionException("The application provides more than one " + what
                    + " bean; Melody Stream needs exactly one (or none for the default)");
        }
        return Optional.of(beans.get());
    }
}
