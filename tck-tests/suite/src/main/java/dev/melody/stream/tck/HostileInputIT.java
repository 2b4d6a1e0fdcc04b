package dev.melody.stream.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.tck.app.CapturingLogHandler;
import dev.melody.stream.tck.app.HostileInboundObserver;
import dev.melody.stream.tck.app.HostileProbeServlet;
import dev.melody.stream.tck.app.LogCaptureListener;
import dev.melody.stream.tck.hostile.HostileCase;
import dev.melody.stream.tck.hostile.HostileCatalogue;
import dev.melody.stream.tck.hostile.HostileTarget;
import dev.melody.stream.tck.hostile.TargetServer;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input catalogue ({@link HostileCatalogue}) against one deployment: each case sends what a broken or
 * malicious client sends and checks the answer (an HTTP status, a close code, a closed connection, per server where
 * the server's own runtime decides) and the server log (the library's line where it refuses, and never an ERROR or
 * a stack trace for what clients do). After every case one event is broadcast on a shared topic, and one WebSocket
 * and one SSE client, connected once before the first case, must each receive it next: nothing a hostile client
 * does reaches them. At the end no hostile topic has a subscriber left.
 *
 * <p>The deployment keeps the default options but a 1-second SSE heartbeat ({@code melody.stream.sseHeartbeat}),
 * which completes the streams of vanished SSE clients within a case.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    /** The shared topic of the healthy clients. */
    static final String HEALTHY = "hostile-healthy";

    /** Any record at this level or above (SEVERE, JBoss ERROR) fails a case. */
    private static final int SEVERE = java.util.logging.Level.SEVERE.intValue();
    private static final int WARNING = java.util.logging.Level.WARNING.intValue();
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*");

    private static WebSocketClient healthyWebSocket;
    private static SseStreamClient healthySse;
    private static int round;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TckDeployments.withMicroProfileConfig(TckDeployments.war("hostile", HostileProbeServlet.class,
                        HostileInboundObserver.class, LogCaptureListener.class, CapturingLogHandler.class,
                        CapturingLogHandler.Captured.class),
                Map.of("melody.stream.sseHeartbeat", "PT1S"));
    }

    @ArquillianResource
    private URL deploymentUrl;

    static Stream<HostileCase> catalogue() {
        return HostileCatalogue.cases().stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void hostileInputIsAnsweredAndTheHealthyClientsKeepReceiving(HostileCase hostile) throws Exception {
        HostileTarget target = new HostileTarget(deploymentUrl);
        connectHealthyClients(target);
        TargetServer server = TargetServer.current();
        long mark = target.logMark();

        String outcome = hostile.action().run(target);
        System.out.println("HOSTILE " + server + " | " + hostile.id() + " | " + outcome);

        List<String> problems = new ArrayList<>();
        if (!hostile.expected().matches(server, outcome)) {
            problems.add("outcome: expected /" + hostile.expected().on(server) + "/ but was: " + outcome);
        }
        if (outcome.startsWith("close ") && CLASS_NAME.matcher(outcome).find()) {
            problems.add("the close reason names a Java class: " + outcome);
        }
        healthyClientsReceive(target, hostile.id());
        List<String> records = records(target, mark, hostile.log() == null || hostile.expected().reason(server)
                != null ? null : Pattern.compile(hostile.log()));
        if (hostile.log() != null && hostile.expected().reason(server) == null
                && records.stream().noneMatch(r -> Pattern.compile(hostile.log()).matcher(r).find())) {
            problems.add("no log line matches /" + hostile.log() + "/; logged: " + records);
        }
        for (String record : records) {
            String[] fields = record.split("\\|", 5);
            int level = Integer.parseInt(fields[1]);
            if (level >= SEVERE && !fields[2].startsWith("dev.melody.stream")
                    && hostile.expected().toleratesServerError(server, record)) {
                System.out.println("HOSTILE " + server + " | " + hostile.id() + " | the server logged: " + record);
            } else if (level >= SEVERE) {
                problems.add("an error was logged: " + record);
            } else if (level >= WARNING && fields[2].startsWith("dev.melody.stream") && !fields[3].isEmpty()) {
                problems.add("the library logged a stack trace: " + record);
            }
        }
        assertTrue(problems.isEmpty(), () -> hostile.id() + " (" + hostile.description() + ") on " + server + ":\n  "
                + String.join("\n  ", problems));
    }

    @Order(2)
    @Test
    void noHostileTopicKeepsASubscriber() throws Exception {
        HostileTarget target = new HostileTarget(deploymentUrl);
        connectHealthyClients(target);
        Set<String> topics = new LinkedHashSet<>();
        HostileCatalogue.cases().stream().map(HostileCase::topic).filter(t -> t != null).forEach(topics::add);
        List<String> left = new ArrayList<>();
        for (String topic : topics) {
            int subscribers = target.awaitSubscribers(topic, 0);
            for (int i = 0; i < 2 && subscribers != 0; i++) {      // a leaked connection ends at its idle ping
                subscribers = target.awaitSubscribers(topic, 0);
            }
            if (subscribers != 0) {
                left.add(topic.length() > 40 ? topic.substring(0, 40) + "..." : topic + "=" + subscribers);
            }
        }
        assertEquals(List.of(), left, "hostile topics that still have subscribers");
        assertEquals(2, target.awaitSubscribers(HEALTHY, 2), "the healthy WebSocket and SSE client");
        healthyClientsReceive(target, "end");
    }

    @AfterAll
    static void closeHealthyClients() throws Exception {
        if (healthyWebSocket != null) {
            healthyWebSocket.close();
        }
        if (healthySse != null) {
            healthySse.close();
        }
    }

    private void connectHealthyClients(HostileTarget target) throws Exception {
        if (healthyWebSocket == null) {
            healthyWebSocket = WebSocketClient.connect(WebSocketClient.uri(deploymentUrl, "/ws/" + HEALTHY), true);
            healthySse = SseStreamClient.connect(SseStreamClient.uri(deploymentUrl, "/melody/events/" + HEALTHY),
                    Map.of()).awaitOpen();
            assertEquals(2, target.awaitSubscribers(HEALTHY, 2), "the healthy WebSocket and SSE client");
        }
    }

    /** Broadcasts one event; both healthy clients must get it as their very next message. */
    private static void healthyClientsReceive(HostileTarget target, String id) throws Exception {
        String data = "after " + id + " #" + (++round);
        target.broadcast(HEALTHY, data);
        assertEquals(data, healthyWebSocket.next(), "the healthy WebSocket client's next message");
        assertEquals(data, healthySse.next().data(), "the healthy SSE client's next event");
    }

    /**
     * Returns the records logged since the mark; when a line is expected, polls (bounded) until it is there, since
     * some servers log after the answer went out.
     */
    private static List<String> records(HostileTarget target, long mark, Pattern expected) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Map<String, String> log = target.logSince(mark);
            assertEquals("true", log.get("installed"), "the log capture is installed");
            List<String> records = new ArrayList<>();
            log.forEach((key, value) -> {
                if (key.startsWith("record.")) {
                    records.add(value);
                }
            });
            if (expected == null || System.nanoTime() > deadline
                    || records.stream().anyMatch(r -> expected.matcher(r).find())) {
                return records;
            }
            Thread.sleep(100);
        }
    }
}
