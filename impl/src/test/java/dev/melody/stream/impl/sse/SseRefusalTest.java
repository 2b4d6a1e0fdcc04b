package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.testing.TestAuthorizer;
import dev.melody.stream.impl.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Refused requests get a clear status and text before any sink exists, log one line, and disturb no other stream. */
class SseRefusalTest {

    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private void assertRefused(int status, String reason, String pathAndQuery, Map<String, String> headers)
            throws Exception {
        try (LogCapture log = LogCapture.of(SseStreamResource.class)) {
            SseClient client = SseClient.connect(server, pathAndQuery, headers);
            assertEquals(status, client.status(), pathAndQuery);
            assertTrue(client.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertEquals(reason, client.body());
            assertEquals(1, log.lines().size(), "one log line per refusal: " + log.lines());
        }
    }

    @Test
    void badTopicsAreRefusedWith400() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        assertRefused(400, AccessDecision.REASON_TOPIC_INVALID, "/melody/events/a%01b", Map.of());
        assertRefused(400, AccessDecision.REASON_TOPIC_INVALID, "/melody/events/" + "t".repeat(257), Map.of());
    }

    @Test
    void unauthorizedTopicIsRefusedWith403() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        assertRefused(403, AccessDecision.REASON_TOPIC_REFUSED, "/melody/events/" + TestAuthorizer.DENIED, Map.of());
    }

    @Test
    void foreignOriginIsRefusedWith403AndOthersNoticeNothing() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        SseClient bystander = SseClient.connect(server, "/melody/events/news").awaitOpen();
        assertRefused(403, AccessDecision.REASON_ORIGIN_REFUSED, "/melody/events/news",
                Map.of("Origin", "https://evil.example"));
        server.hub().broadcast("news", ServerSentEvent.of("still here"));
        assertEquals("still here", bystander.awaitEvent().data());
        assertEquals(1, server.hub().subscriberCount("news"));
    }

    @Test
    void sameOriginGetsCorsHeaders() throws Exception {
        server = TestServer.sse(StreamOptions.defaults());
        String origin = server.origin(Transport.SSE);
        SseClient client = SseClient.connect(server, "/melody/events/news", Map.of("Origin", origin)).awaitOpen();
        client.assertStreamHeaders();
        assertEquals(origin, client.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("true", client.headers().firstValue("Access-Control-Allow-Credentials").orElse(null));
    }

    @Test
    void originPatternsDecideCors() throws Exception {
        server = TestServer.sse(StreamOptions.builder().originPatterns(List.of("*.example.com")).build());
        SseClient allowed = SseClient.connect(server, "/melody/events/news",
                        Map.of("Origin", "https://app.example.com"))
                .awaitOpen();
        assertEquals("https://app.example.com", allowed.headers().firstValue("Access-Control-Allow-Origin")
                .orElse(null));
        assertRefused(403, AccessDecision.REASON_ORIGIN_REFUSED, "/melody/events/news",
                Map.of("Origin", "https://example.org"));
    }

    @Test
    void preflightIsAnsweredForAllowedOriginsOnly() throws Exception {
        server = TestServer.sse(StreamOptions.builder().originPatterns(List.of("*.example.com")).build());
        HttpResponse<String> allowed = preflight("https://app.example.com");
        assertEquals(204, allowed.statusCode());
        assertEquals("https://app.example.com", allowed.headers().firstValue("Access-Control-Allow-Origin")
                .orElse(null));
        assertTrue(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Last-Event-ID"));
        HttpResponse<String> refused = preflight("https://evil.example.org");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri(Transport.SSE, "/melody/events/news"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id")
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathOtherThanTheConfiguredOneIsNotFound() throws Exception {
        server = TestServer.sse(StreamOptions.builder().ssePath("/melody/events/{topic}").build());
        assertEquals(404, SseClient.connect(server, "/melody/elsewhere/news").status());
        assertEquals(404, SseClient.connect(server, "/melody/events/news/more").status());
    }

    @Test
    void emptySsePathServesNothing() throws Exception {
        server = TestServer.sse(StreamOptions.builder().ssePath("").build());
        assertEquals(404, SseClient.connect(server, "/melody/events/news").status());
        assertTrue(new SseApplication().getClasses().stream().noneMatch(c -> c == SseStreamResource.class));
        assertEquals(0, server.hub().subscriberCount("news"));
    }

    @Test
    void topicCanComeFromAnotherTemplateVariable() throws Exception {
        server = TestServer.sse(StreamOptions.builder().ssePath("/melody/events/{device}").build());
        // the default resolver reads {topic}, then ?topic=: with another variable name the query parameter decides
        SseClient client = SseClient.connect(server, "/melody/events/ignored?topic=from-query").awaitOpen();
        server.hub().broadcast("from-query", ServerSentEvent.of("hi"));
        assertEquals("hi", client.awaitEvent().data());
        assertRefused(400, AccessDecision.REASON_TOPIC_MISSING, "/melody/events/ignored", Map.of());
    }
}
