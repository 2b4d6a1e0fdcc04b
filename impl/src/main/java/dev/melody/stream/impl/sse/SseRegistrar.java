package dev.melody.stream.impl.sse;

import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says once, while the application deploys, where the SSE transport is served, or why it is not.
 *
 * <p><b>Role.</b> The SSE transport itself is registered by the JAX-RS runtime, which starts {@link SseApplication}
 * from the jar; this {@link ServletContainerInitializer} (listed in {@code META-INF/services}) only reads
 * {@code ssePath} when the context is initialized and logs one line: where the stream is served, that an empty path
 * registers nothing, that the server offers no JAX-RS, or that a path outside {@value SseApplication#PATH} needs a
 * servlet mapping. It touches no JAX-RS type, so it is harmless where JAX-RS is absent.
 *
 * <p><b>Thread-safety and lifecycle.</b> The container calls it once per application start, on the deploying thread.
 */
public final class SseRegistrar implements ServletContainerInitializer {

    static final String LOG_DISABLED = "Melody Stream SSE transport not registered: ssePath is empty";
    static final String LOG_NO_JAXRS = "Melody Stream SSE transport not registered: the server offers no JAX-RS "
            + "(enable Jakarta REST, e.g. restfulWS-3.1 on Open Liberty)";
    static final String LOG_REGISTERED = "Melody Stream SSE transport registered at %s%s";
    static final String LOG_UNSUPPORTED = "Melody Stream SSE transport: ssePath '%s' is not of the form "
            + "<prefix>/events/{topic}; the stream is served only at paths of that form";
    static final String LOG_NEEDS_MAPPING = "Melody Stream SSE transport at %s%s needs a servlet mapping of %s/* "
            + "for the servlet named " + SseRegistrar.APPLICATION_CLASS + " in web.xml";

    /** The JAX-RS application's class name, as text, so this class loads without JAX-RS. */
    static final String APPLICATION_CLASS = "dev.melody.stream.impl.sse.SseApplication";

    private static final String JAXRS_PROBE = "jakarta.ws.rs.sse.Sse";
    private static final Pattern SERVABLE = Pattern.compile("((?:/[^/{}]+)+)/events/[^/]+");
    private static final System.Logger LOG = System.getLogger(SseRegistrar.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addListener(new Deployment());
    }

    /**
     * Logs where the transport is served once the context (and CDI) is initialized.
     *
     * <p><b>Thread-safety and lifecycle.</b> Created by {@link #onStartup}; called once on the deploying thread.
     */
    static final class Deployment implements ServletContextListener {

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();
            String path = CDI.current().select(ServerSentEventHub.class).get().options().ssePath();
            LOG.log(Level.INFO, describe(path, context.getContextPath(), jaxRsPresent(context.getClassLoader())));
        }
    }

    /** Returns the one line that says where the transport is served, or why not. */
    static String describe(String path, String contextPath, boolean jaxRs) {
        if (path.isEmpty()) {
            return LOG_DISABLED;
        }
        if (!jaxRs) {
            return LOG_NO_JAXRS;
        }
        var matcher = SERVABLE.matcher(path);
        if (!matcher.matches()) {
            return String.format(LOG_UNSUPPORTED, path);
        }
        String prefix = matcher.group(1);
        return prefix.equals(SseApplication.PATH) ? String.format(LOG_REGISTERED, contextPath, path)
                : String.format(LOG_NEEDS_MAPPING, contextPath, path, prefix);
    }

    private static boolean jaxRsPresent(ClassLoader loader) {
        try {
            Class.forName(JAXRS_PROBE, false, loader != null ? loader : SseRegistrar.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
