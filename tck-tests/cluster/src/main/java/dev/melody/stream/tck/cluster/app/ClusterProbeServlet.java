package dev.melody.stream.tck.cluster.app;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The cluster test's probe, as a user's application would broadcast:
 * <ul>
 * <li>{@code GET /probe/ready}: {@code ready} once the application (and with it the hub) is up;</li>
 * <li>{@code POST /probe/broadcast?topic=T&data=D}: one {@link ServerSentEventHub#broadcast} of an event without an
 * id (the hub assigns it), answering {@code delivered=<local subscribers reached>}.</li>
 * </ul>
 * A missing {@code topic} or {@code data} gets 400 with the parameter's name; a topic the hub refuses gets 400 with
 * the hub's reason.
 *
 * <p><b>Thread-safety and lifecycle.</b> A servlet: one instance per deployment, called concurrently; stateless apart
 * from the injected hub.
 */
@WebServlet("/probe/*")
public class ClusterProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String READY = "/ready";
    private static final String BROADCAST = "/broadcast";

    @Inject
    private ServerSentEventHub hub;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!READY.equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        answer(response, HttpServletResponse.SC_OK, "ready");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!BROADCAST.equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String topic = request.getParameter("topic");
        String data = request.getParameter("data");
        if (topic == null || data == null) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST,
                    "error=parameter " + (topic == null ? "topic" : "data") + " is missing");
            return;
        }
        try {
            int delivered = hub.broadcast(topic, ServerSentEvent.of(data));
            answer(response, HttpServletResponse.SC_OK, "delivered=" + delivered);
        } catch (IllegalArgumentException e) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "error=" + e.getMessage());
        }
    }

    private static void answer(HttpServletResponse response, int status, String line) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
