package dev.melody.stream.tck.app;

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
 * {@code POST /probe/broadcast?topic=T&data=D}: one {@link ServerSentEventHub#broadcast} and nothing else (no
 * subscription of its own, unlike the hub probe), answering {@code delivered=<subscribers reached>}, so a test sees
 * whether a client was already subscribed at that moment.
 *
 * <p><b>Thread-safety and lifecycle.</b> A servlet: one instance, called concurrently; stateless apart from the hub.
 */
@WebServlet("/probe/broadcast")
public class BroadcastServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private ServerSentEventHub hub;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int delivered = hub.broadcast(request.getParameter("topic"), ServerSentEvent.of(request.getParameter("data")));
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(("delivered=" + delivered + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
