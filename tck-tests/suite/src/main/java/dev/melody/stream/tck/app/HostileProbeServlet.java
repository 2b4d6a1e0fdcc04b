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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The hostile-input tests' view into the server, answering plain-text {@code key=value} lines:
 * <ul>
 * <li>{@code GET  /hostileprobe/mark} the number of the last captured log record</li>
 * <li>{@code GET  /hostileprobe/log?since=} the records captured after a mark, one per line:
 * {@code record.N=LEVEL|levelValue|logger|thrown|message}, {@code thrown} empty or the throwable's class and depth</li>
 * <li>{@code GET  /hostileprobe/subscribers?topic=&await=} waits (bounded) for {@code await} subscribers</li>
 * <li>{@code GET  /hostileprobe/inbound?topic=&await=} waits (bounded) until {@code await} inbound messages were
 * observed on the topic, then reports what {@link HostileInboundObserver} counted</li>
 * <li>{@code POST /hostileprobe/broadcast?topic=&data=} broadcasts one event with that data</li>
 * </ul>
 *
 * <p><b>Thread-safety and lifecycle.</b> A servlet: one instance per deployment, called on container threads; it
 * keeps no state of its own.
 */
@WebServlet("/hostileprobe/*")
public class HostileProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The longest a probe waits for a count; a bound, not an expectation. */
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private ServerSentEventHub hub;

    @Inject
    private HostileInboundObserver observer;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String op = String.valueOf(request.getPathInfo());
        String topic = request.getParameter("topic");
        StringBuilder body = new StringBuilder();
        CapturingLogHandler log = LogCaptureListener.handler();
        switch (op) {
            case "/mark" -> body.append("mark=").append(log == null ? -1 : log.mark()).append('\n');
            case "/log" -> {
                List<CapturingLogHandler.Captured> records = log == null ? List.of()
                        : log.since(Long.parseLong(request.getParameter("since")));
                body.append("installed=").append(log != null).append('\n');
                for (CapturingLogHandler.Captured r : records) {
                    body.append("record.").append(r.sequence()).append('=').append(r.level()).append('|')
                            .append(r.levelValue()).append('|').append(r.logger()).append('|').append(r.thrown())
                            .append('|').append(oneLine(r.message())).append('\n');
                }
            }
            case "/subscribers" -> {
                int wanted = Integer.parseInt(request.getParameter("await"));
                awaitTrue(() -> hub.subscriberCount(topic) == wanted);
                body.append("subscribers=").append(hub.subscriberCount(topic)).append('\n');
            }
            case "/inbound" -> {
                int wanted = Integer.parseInt(request.getParameter("await"));
                awaitTrue(() -> Integer.parseInt(observer.describe(topic).get("count")) >= wanted);
                Map<String, String> tally = observer.describe(topic);
                tally.forEach((key, value) -> body.append(key).append('=').append(value).append('\n'));
            }
            default -> {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "unknown probe " + op);
                return;
            }
        }
        answer(response, body.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/broadcast".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "unknown probe " + request.getPathInfo());
            return;
        }
        int accepted = hub.broadcast(request.getParameter("topic"), ServerSentEvent.of(request.getParameter("data")));
        answer(response, "accepted=" + accepted + "\n");
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        try {
            while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
                never.await(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String oneLine(String value) {
        return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    private static void answer(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
