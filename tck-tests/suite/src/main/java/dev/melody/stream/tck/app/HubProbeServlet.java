package dev.melody.stream.tck.app;

import dev.melody.stream.Broadcast;
import dev.melody.stream.HubStatistics;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.ServerSentEventHub;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Subscription;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Deployed in every test WAR: exercises the hub on the server and answers with plain-text {@code key=value} lines,
 * which the tests read over HTTP.
 *
 * <ul>
 * <li>{@code GET  /probe/hub} the injected hub: its state, options and statistics</li>
 * <li>{@code POST /probe/fire?topic=&data=&mode=sync|async} subscribes in-JVM, fires a {@link Broadcast} CDI event
 * and reports what the subscription received within a bound</li>
 * <li>{@code POST /probe/flood?topic=&count=} subscribes, broadcasts {@code count} events without polling, then
 * drains the subscription and reports what it took first and its counters</li>
 * </ul>
 *
 * Any exception is answered with status 500 and its stack trace, so a failing test shows what the server saw.
 */
@WebServlet("/probe/*")
public class HubProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The longest the probe waits for an event, an observer or a completion; a bound, not an expectation. */
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    private ServerSentEventHub hub;

    @Inject
    private Event<Broadcast> broadcasts;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String op = request.getPathInfo();
        if ("/hub".equals(op)) {
            answer(response, this::describeHub);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "unknown probe " + op);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String op = request.getPathInfo();
        if ("/fire".equals(op)) {
            answer(response, () -> fire(request.getParameter("topic"), request.getParameter("data"),
                    "async".equals(request.getParameter("mode"))));
        } else if ("/flood".equals(op)) {
            answer(response, () -> flood(request.getParameter("topic"),
                    Integer.parseInt(request.getParameter("count"))));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "unknown probe " + op);
        }
    }

    private Map<String, String> describeHub() {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("injected", Boolean.toString(hub != null));
        result.put("shutdown", Boolean.toString(hub.isShutdown()));
        StreamOptions options = hub.options();
        result.put("options.webSocketPath", options.webSocketPath());
        result.put("options.ssePath", options.ssePath());
        result.put("options.originPatterns", String.join(",", options.originPatterns()));
        result.put("options.readLimit", Integer.toString(options.readLimit()));
        result.put("options.subscriberBuffer", Integer.toString(options.subscriberBuffer()));
        result.put("options.overflowPolicy", options.overflowPolicy().name());
        result.put("options.writeTimeout", options.writeTimeout().toString());
        result.put("options.idleTimeout", options.idleTimeout().toString());
        result.put("options.sseHeartbeat", options.sseHeartbeat().toString());
        result.put("options.historySize", Integer.toString(options.historySize()));
        result.put("options.historyBytes", Long.toString(options.historyBytes()));
        result.put("options.historyTtl", options.historyTtl().toString());
        result.put("options.maxRetainedBytes", Long.toString(options.maxRetainedBytes()));
        result.put("options.webSocketFrames", options.webSocketFrames().name());
        HubStatistics statistics = hub.statistics();
        result.put("statistics.topics", Integer.toString(statistics.topics()));
        result.put("statistics.subscribers", Integer.toString(statistics.subscribers()));
        result.put("statistics.broadcasts", Long.toString(statistics.broadcasts()));
        result.put("statistics.delivered", Long.toString(statistics.delivered()));
        result.put("statistics.dropped", Long.toString(statistics.dropped()));
        result.put("statistics.gaps", Long.toString(statistics.gaps()));
        result.put("statistics.retainedBytes", Long.toString(statistics.retainedBytes()));
        result.put("statistics.backplaneFailures", Long.toString(statistics.backplaneFailures()));
        return result;
    }

    private Map<String, String> fire(String topic, String data, boolean async) throws Exception {
        Map<String, String> result = new LinkedHashMap<>();
        try (Subscription subscription = hub.subscribe(topic)) {
            result.put("subscribers", Integer.toString(hub.subscriberCount(topic)));
            Broadcast broadcast = Broadcast.of(topic, data);
            if (async) {
                Broadcast delivered = broadcasts.fireAsync(broadcast).toCompletableFuture()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                result.put("async.completed", Boolean.toString(delivered == broadcast));
            } else {
                broadcasts.fire(broadcast);
            }
            ServerSentEvent received = subscription.poll(WAIT);
            result.put("received", Boolean.toString(received != null));
            if (received != null) {
                result.put("received.id", String.valueOf(received.id()));
                result.put("received.data", received.data());
            }
            result.put("pending", Integer.toString(subscription.pending()));
        }
        return result;
    }

    private Map<String, String> flood(String topic, int count) {
        Map<String, String> result = new LinkedHashMap<>();
        try (Subscription subscription = hub.subscribe(topic)) {
            int accepted = 0;
            for (int i = 1; i <= count; i++) {
                accepted += hub.broadcast(topic, ServerSentEvent.of("event " + i));
            }
            result.put("accepted", Integer.toString(accepted));
            result.put("pending", Integer.toString(subscription.pending()));
            ServerSentEvent first = subscription.poll();
            result.put("first.event", String.valueOf(first == null ? null : first.event()));
            result.put("first.data", String.valueOf(first == null ? null : first.data()));
            int taken = first == null ? 0 : 1;
            while (subscription.poll() != null) {
                taken++;
            }
            result.put("taken", Integer.toString(taken));
            result.put("dropped", Long.toString(subscription.dropped()));
            result.put("gaps", Long.toString(subscription.gaps()));
            result.put("closed", Boolean.toString(subscription.isClosed()));
        }
        return result;
    }

    private static void answer(HttpServletResponse response, Probe probe) throws IOException {
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType("text/plain");
        StringBuilder body = new StringBuilder();
        try {
            probe.run().forEach((key, value) -> body.append(key).append('=').append(oneLine(value)).append('\n'));
        } catch (Exception | AssertionError e) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            body.setLength(0);
            body.append("error=").append(oneLine(String.valueOf(e))).append('\n').append(trace);
        }
        response.getWriter().write(body.toString());
    }

    private static String oneLine(String value) {
        return value == null ? "null" : value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }

    @FunctionalInterface
    private interface Probe {
        Map<String, String> run() throws Exception;
    }
}
