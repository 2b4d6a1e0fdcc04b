package dev.melody.stream.benchmarks.atmosphere;

import dev.melody.stream.benchmarks.server.AddedTargets;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import org.atmosphere.cpr.AtmosphereServlet;
import org.atmosphere.cpr.Broadcaster;
import org.atmosphere.cpr.BroadcasterFactory;

/**
 * Atmosphere's servlet, which once its framework started registers the targets {@value #TARGET} (WebSocket) and
 * {@value #TARGET_SSE} (SSE) with the benchmark WAR ({@link AddedTargets}): a broadcast goes to the topic's
 * Atmosphere {@link Broadcaster} (both transports' clients of a topic share it; each measurement has a topic of its
 * own), and the count is that broadcaster's resources.
 *
 * <p>Thread-safety: as {@link AtmosphereServlet}; the registered targets are called from any request thread and
 * use only the thread-safe {@link BroadcasterFactory}. Lifecycle: the server creates one per deployment at start
 * (load-on-startup).
 */
public class BenchAtmosphereServlet extends AtmosphereServlet {

    static final String TARGET = "atmo";
    static final String TARGET_SSE = "atmo-sse";

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        BroadcasterFactory broadcasters = framework().getBroadcasterFactory();
        AddedTargets.Target target = new AddedTargets.Target() {
            @Override
            public void broadcast(String topic, String text) {
                Broadcaster broadcaster = broadcasters.lookup(topic, false);
                if (broadcaster != null) {
                    broadcaster.broadcast(text);
                }
            }

            @Override
            public int count(String topic) {
                Broadcaster broadcaster = broadcasters.lookup(topic, false);
                return broadcaster == null ? 0 : broadcaster.getAtmosphereResources().size();
            }
        };
        AddedTargets.register(TARGET, target);
        AddedTargets.register(TARGET_SSE, target);
    }
}
