package dev.melody.stream.tck.app;

import dev.melody.stream.Broadcast;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The WebSocket tests' view into the server, answering plain-text {@code key=value} lines:
 * <ul>
 * <li>{@code POST /wsprobe/broadcast?topic=&prefix=&count=&size=} fires {@code count} {@link Broadcast} CDI events
 * with data {@code prefix + i} padded to {@code size} characters</li>
 * <li>{@code GET /wsprobe/subscribers?topic=&await=} waits (bounded) for {@code await} subscribers</li>
 * <li>{@code GET /wsprobe/inbound?topic=} the texts observed on the topic, in order, and its close causes</li>
 * </ul>
 */
@WebServlet("/wsprobe/*")
public class WebSocketProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The longest a probe waits for a count; a bound, not an expectation. */
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private Event<Broadcast> broadcasts;

    @Inject
    private WebSocketRecorder recorder;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String topic = request.getParameter("topic");
        String prefix = request.getParameter("prefix");
        int count = Integer.parseInt(request.getParameter("count"));
        int size = Integer.parseInt(request.getParameter("size"));
        for (int i = 0; i < count; i++) {
            String data = prefix + i;
            broadcasts.fire(Broadcast.of(topic, data.length() >= size ? data : data + "x".repeat(size - data.length())));
        }
        answer(response, "fired=" + count);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String topic = request.getParameter("topic");
        if ("/subscribers".equals(request.getPathInfo())) {
            try {
                int seen = recorder.awaitSubscribers(topic, Integer.parseInt(request.getParameter("await")), WAIT);
                answer(response, "subscribers=" + seen);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response.sendError(500, "interrupted");
            }
        } else {
            answer(response, "inbound=" + String.join(",", recorder.inbound(topic))
                    + "\ncloseCauses=" + String.join(",", recorder.closeCauses(topic)));
        }
    }

    private static void answer(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((body + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
