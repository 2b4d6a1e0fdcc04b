package dev.melody.stream.impl.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.AccessDecision.Accepted;
import dev.melody.stream.impl.access.AccessDecision.Refused;
import dev.melody.stream.spi.StreamRequest;
import dev.melody.stream.spi.TopicAuthorizer;
import dev.melody.stream.spi.TopicResolver;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamAccessTest {

    private final StreamAccess access = new StreamAccess(new OriginPolicy(List.of()), TopicResolver.defaults(),
            (request, topic) -> !topic.equals("secret"));

    @Test
    void acceptsAValidTopicFromThePathThenTheQuery() {
        assertEquals(new Accepted("p"), access.check(request().path("p").query("q")));
        assertEquals(new Accepted("q"), access.check(request().query("q")));
    }

    @Test
    void refusesAForeignOriginWith403NamingTheSetting() {
        Refused refused = refused(access.check(request().path("t").header("Origin", "https://evil.test")));
        assertEquals(403, refused.status());
        assertEquals(AccessDecision.REASON_ORIGIN_REFUSED, refused.reason());
        assertTrue(refused.logLine().contains("originPatterns"), refused.logLine());
        assertEquals(Level.INFO, refused.level());
    }

    @Test
    void refusesMissingEmptyInvalidAndUnauthorizedTopics() {
        assertRefused(request(), 400, AccessDecision.REASON_TOPIC_MISSING);
        assertRefused(request().query(""), 400, AccessDecision.REASON_TOPIC_MISSING);
        assertRefused(request().path("a\u0001b"), 400, AccessDecision.REASON_TOPIC_INVALID);
        assertRefused(request().path("x".repeat(257)), 400, AccessDecision.REASON_TOPIC_INVALID);
        assertRefused(request().path("secret"), 403, AccessDecision.REASON_TOPIC_REFUSED);
    }

    @Test
    void failingApplicationResolverOrAuthorizerIsAServerErrorLoggedWithItsException() {
        TopicResolver broken = request -> {
            throw new IllegalStateException("resolver bug");
        };
        Refused refused = refused(new StreamAccess(new OriginPolicy(List.of()), broken, TopicAuthorizer.allowAll())
                .check(request().path("t")));
        assertEquals(500, refused.status());
        assertEquals(Level.ERROR, refused.level());
        assertInstanceOf(IllegalStateException.class, refused.failure());
    }

    @Test
    void logLinesEscapeControlCharactersAndCutLongValues() {
        assertEquals("a\\u000ab", StreamAccess.printable("a\nb"));
        assertTrue(StreamAccess.printable("y".repeat(500)).endsWith("...(500 chars)"));
    }

    private void assertRefused(FakeRequest request, int status, String reason) {
        Refused refused = refused(access.check(request));
        assertEquals(status, refused.status());
        assertEquals(reason, refused.reason());
    }

    private static Refused refused(AccessDecision decision) {
        return assertInstanceOf(Refused.class, decision);
    }

    private static FakeRequest request() {
        return new FakeRequest();
    }

    /** A handshake with just the headers and parameters a test gives it. */
    static final class FakeRequest implements StreamRequest {
        private final Map<String, String> headers = new HashMap<>();
        private final Map<String, String> query = new HashMap<>();
        private final Map<String, String> path = new HashMap<>();

        FakeRequest header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        FakeRequest query(String topic) {
            query.put("topic", topic);
            return this;
        }

        FakeRequest path(String topic) {
            path.put("topic", topic);
            return this;
        }

        @Override
        public Transport transport() {
            return Transport.WEBSOCKET;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String queryParameter(String name) {
            return query.get(name);
        }

        @Override
        public String pathParameter(String name) {
            return path.get(name);
        }

        @Override
        public Optional<Principal> principal() {
            return Optional.empty();
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }
    }
}
