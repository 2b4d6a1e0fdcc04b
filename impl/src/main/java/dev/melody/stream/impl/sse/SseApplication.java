package dev.melody.stream.impl.sse;

import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The library's own JAX-RS application, which serves the SSE transport at {@value #PATH}{@code /events/{topic}}
 * under the WAR's context root with no application code.
 *
 * <p><b>Role.</b> JAX-RS servers start every {@code Application} subclass they find in the WAR, the jar in
 * {@code WEB-INF/lib} included, each under its own {@code @ApplicationPath}. So the transport comes up alike when
 * the application has no JAX-RS {@code Application}, one that scans (such as {@code @ApplicationPath("/api")}
 * with nothing overridden), or one that lists its classes: this application lists its own
 * ({@link SseStreamResource}, {@link SseEventBodyWriter}, {@link SseResponseHeaders}) and never the application's, and
 * the application's never needs to list these. The one line an application adds is only for serving the stream
 * under another prefix: a {@code web.xml} servlet mapping for the servlet named after this class, together with
 * the matching {@code ssePath}. With {@code ssePath} empty it registers no resource (and {@link SseRegistrar}
 * says so once in the log).
 *
 * <p><b>Thread-safety and lifecycle.</b> Instantiated by the JAX-RS runtime once per deployment; stateless.
 */
@ApplicationPath(SseApplication.PATH)
public class SseApplication extends Application {

    /** The application path: the first segment of the default {@code ssePath}. */
    public static final String PATH = "/melody";

    @Override
    public Set<Class<?>> getClasses() {
        if (!enabled()) {
            return Set.of(SseResponseHeaders.class);    // never empty: an empty set would scan the whole WAR
        }
        return Set.of(SseStreamResource.class, SseEventBodyWriter.class, SseResponseHeaders.class);
    }

    private static boolean enabled() {
        try {
            return !CDI.current().select(ServerSentEventHub.class).get().options().ssePath().isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return true;                                 // no CDI yet: the resource answers 404 when disabled
        }
    }
}
