package dev.melody.stream.impl.websocket;

import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Set;

/**
 * Registers the WebSocket transport while the application deploys, with no application code.
 *
 * <p><b>Role.</b> A {@link ServletContainerInitializer} (listed in {@code META-INF/services}), so it runs for every
 * WAR that holds the jar, whether or not the application has WebSocket endpoints of its own. At startup it adds
 * {@link WebSocketAccessFilter} ahead of the application's filters and a listener; when the context is initialized
 * (CDI and the WebSocket container are ready then) the listener reads {@code webSocketPath} from the hub's options
 * and adds the endpoint to the container's {@link ServerContainer}. An empty path registers nothing and says so
 * once in the log. A path the container refuses (for example one the application already uses) fails the
 * deployment with the container's message.
 *
 * <p><b>Thread-safety and lifecycle.</b> The container calls it once per application start, on the deploying thread.
 */
public final class WebSocketRegistrar implements ServletContainerInitializer {

    static final String FILTER_NAME = "melody-stream-websocket-access";
    static final String LOG_DISABLED = "Melody Stream WebSocket transport not registered: webSocketPath is empty";
    static final String LOG_NO_CONTAINER = "Melody Stream WebSocket transport not registered: the server offers no "
            + "WebSocket container (enable the WebSocket feature, e.g. websocket-2.1 on Open Liberty)";
    static final String LOG_REGISTERED = "Melody Stream WebSocket transport registered at %s%s";

    private static final System.Logger LOG = System.getLogger(WebSocketRegistrar.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, WebSocketAccessFilter.class);
        if (filter != null) {                              // null: the application declared one by that name
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
        context.addListener(new Deployment());
    }

    /**
     * Adds the endpoint once the context is initialized.
     *
     * <p><b>Thread-safety and lifecycle.</b> Created by {@link #onStartup}; called once on the deploying thread.
     */
    static final class Deployment implements ServletContextListener {

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();
            String path = CDI.current().select(ServerSentEventHub.class).get().options().webSocketPath();
            if (path.isEmpty()) {
                LOG.log(Level.INFO, LOG_DISABLED);
                return;
            }
            if (!(context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container)) {
                LOG.log(Level.WARNING, LOG_NO_CONTAINER);
                return;
            }
            try {
                container.addEndpoint(WebSocketStreamConfigurator.endpointConfig(path));
            } catch (DeploymentException e) {
                throw new IllegalStateException("Melody Stream cannot register its WebSocket endpoint at " + path
                        + ": " + e.getMessage() + "; choose another melody.stream.webSocketPath", e);
            }
            LOG.log(Level.INFO, String.format(LOG_REGISTERED, context.getContextPath(), path));
        }
    }
}
