package dev.melody.stream.tck.app.counting;

import dev.melody.stream.Transport;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the counts back: {@code GET /accesscount?transport=WEBSOCKET|SSE&topic=} answers {@code resolved=N} and
 * {@code authorized=M} lines.
 */
@WebServlet("/accesscount")
public class AccessCountServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private AccessCounts counts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Transport transport = Transport.valueOf(request.getParameter("transport"));
        String topic = request.getParameter("topic");
        String body = "resolved=" + counts.resolvedCount(transport, topic)
                + "\nauthorized=" + counts.authorizedCount(transport, topic) + "\n";
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
