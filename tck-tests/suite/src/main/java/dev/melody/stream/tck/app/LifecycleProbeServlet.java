package dev.melody.stream.tck.app;

import dev.melody.stream.StreamConnection;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The observer-isolation tests' view into the server, answering plain-text {@code key=value} lines:
 * <ul>
 * <li>{@code GET /lifecycleprobe/events?topic=&await=} waits (bounded) until {@link LifecycleRecorder} has
 * {@code await} events of the topic; answers {@code events=} (comma-separated), {@code thrown=} (how often
 * {@link ThrowingLifecycleObserver} threw), {@code warnings=} (the library's WARNING lines that name it),
 * {@code warningsWithStackTrace=} and {@code warning=} (the first such line)</li>
 * <li>{@code POST /lifecycleprobe/close?topic=} closes the topic's open connections from the server</li>
 * </ul>
 * Deployed with {@link LogCaptureListener}, which captures what is logged.
 */
@WebServlet("/lifecycleprobe/*")
public class LifecycleProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The logger of the library's lifecycle events. */
    static final String EVENTS_LOGGER = "dev.melody.stream.impl.connection.LifecycleEvents";

    /** The longest a probe waits; a bound, not an expectation. */
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private LifecycleRecorder recorder;

    @Inject
    private ThrowingLifecycleObserver throwing;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int wanted = Integer.parseInt(request.getParameter("await"));
        List<String> events;
        try {
            events = recorder.await(request.getParameter("topic"), wanted, WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
            return;
        }
        List<CapturingLogHandler.Captured> warnings = LogCaptureListener.handler().since(0).stream()
                .filter(captured -> captured.logger().equals(EVENTS_LOGGER))
                .filter(captured -> captured.levelValue() >= 900 && captured.levelValue() < 1000)
                .filter(captured -> captured.message().contains(ThrowingLifecycleObserver.class.getName()))
                .toList();
        answer(response, "events=" + String.join(",", events)
                + "\nthrown=" + throwing.thrown()
                + "\nwarnings=" + warnings.size()
                + "\nwarningsWithStackTrace=" + warnings.stream().filter(w -> !w.thrown().isEmpty()).count()
                + "\nwarning=" + (warnings.isEmpty() ? "" : warnings.get(0).message().replace('\n', ' ')));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<StreamConnection> open = recorder.open(request.getParameter("topic"));
        open.forEach(connection -> connection.close(1000, "closed by the probe"));
        answer(response, "closed=" + open.size());
    }

    private static void answer(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((body + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
