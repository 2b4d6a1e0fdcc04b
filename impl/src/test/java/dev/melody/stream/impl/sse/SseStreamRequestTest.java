package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.melody.stream.impl.access.QueryCases;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Query parameters of an SSE request are read from the raw query of the request URI and decoded leniently by the
 * parser the other adapters use, so a malformed escape (which makes RESTEasy's decoded {@code getQueryParameters()}
 * throw on Open Liberty) means an unknown id, never an error.
 */
class SseStreamRequestTest {

    @Test
    void rawQueryOfTheRequestUriIsParsedAsEveryAdapterParsesIt() {
        SseStreamRequest request = new SseStreamRequest(noHeaders(),
                uriInfo("lastEventId&topic=device%2042+x&id=3f9a1c07b2e4-17&id=second", false), null, Map.of());
        assertEquals("", request.queryParameter("lastEventId"));
        assertEquals("device 42 x", request.queryParameter("topic"));
        assertEquals("3f9a1c07b2e4-17", request.queryParameter("id"));
        assertNull(request.queryParameter("absent"));
        assertEquals("https", request.scheme());
    }

    @Test
    void readsTheQueryAsTheServletAndHandshakeAdaptersDo() {
        QueryCases.assertReadAsEveryAdapterReadsThem("SseStreamRequest",
                new SseStreamRequest(noHeaders(), uriInfo(QueryCases.RAW, false), null, Map.of()));
        QueryCases.assertReadAsEveryAdapterReadsThem("SseStreamRequest (servlet fallback)",
                new SseStreamRequest(noHeaders(), uriInfo(null, true), null, Map.of(), () -> QueryCases.RAW));
    }

    @Test
    void aRuntimeThatCannotBuildTheRequestUriIsReadFromTheServletRequestsRawQuery() {
        SseStreamRequest request = new SseStreamRequest(noHeaders(), uriInfo(null, true), null,
                Map.of(), () -> "lastEventId=%zz&id=3f9a1c07b2e4-17&x=%zz");
        assertEquals("%zz", request.queryParameter("lastEventId"));
        assertEquals("3f9a1c07b2e4-17", request.queryParameter("id"));
        assertNull(request.queryParameter("absent"));
    }

    private static HttpHeaders noHeaders() {
        return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class}, (proxy, method, args) -> null);
    }

    /**
     * A UriInfo with a request URI of the given raw query, whose parameter maps throw (as RESTEasy's decoded one does
     * for a malformed escape); its request URI throws too where {@code uriThrows}.
     */
    static UriInfo uriInfo(String rawQuery, boolean uriThrows) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestUri" -> {
                        if (uriThrows) {
                            throw new IllegalArgumentException("Malformed escape pair at index 13");
                        }
                        yield URI.create("https://app.test/app/melody/events/t"
                                + (rawQuery == null ? "" : "?" + rawQuery));
                    }
                    case "getQueryParameters" -> throw new IllegalArgumentException("Malformed escape pair");
                    case "getBaseUri" -> URI.create("https://app.test/app/");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
