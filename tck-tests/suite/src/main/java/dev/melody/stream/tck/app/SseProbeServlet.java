package dev.melody.stream.tck.app;

import dev.melody.stream.Broadcast;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The SSE tests' view into the server, answering plain-text {@code key=value} lines:
 * <ul>
 * <li>{@code POST /sseprobe/broadcast?topic=&event=&data=} fires one {@link Broadcast} with exactly that data</li>
 * <li>{@code POST /sseprobe/batch?topic=&prefix=&count=&size=} fires {@code count} broadcasts with data
 * {@code prefix + i} padded to {@code size} characters</li>
 * <li>{@code GET /sseprobe/subscribers?topic=&await=} waits (bounded) for {@code await} subscribers</li>
 * </ul>
 */
@WebServlet("/sseprobe/*")
public class SseProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The longest a probe waits for a count; a bound, not an expectation. */
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    private Event<Broadcast> broadcasts;

    @Inject
    private ServerSentEventHub hub;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String topic = request.getParameter("topic");
        if ("/broadcast".equals(request.getPathInfo())) {
            ServerSentEvent event = new ServerSentEvent(null, request.getParameter("event"),
                    request.getParameter("data"), null);
            broadcasts.fire(new Broadcast(topic, event));
            answer(response, "fired=1");
            return;
        }
        int count = Integer.parseInt(request.getParameter("count"));
        int size = Integer.parseInt(request.getParameter("size"));
        String prefix = request.getParameter("prefix");
        for (int i = 0; i < count; i++) {
            String data = prefix + i;
            broadcasts.fire(Broadcast.of(topic, data.length() >= size ? data : data + "x".repeat(size - data.length())));
        }
        answer(response, "fired=" + count);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String topic = request.getParameter("topic");
        int wanted = Integer.parseInt(request.getParameter("await"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        try {
            while (hub.subscriberCount(topic) != wanted && System.nanoTime() < deadline) {
                never.await(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer(response, "subscribers=" + hub.subscriberCount(topic));
    }

    private static void answer(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((body + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
