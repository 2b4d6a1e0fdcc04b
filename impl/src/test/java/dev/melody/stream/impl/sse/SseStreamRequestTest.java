package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Query parameters of an SSE request are read from the runtime's still-encoded parameters and decoded leniently,
 * so a malformed escape (which makes RESTEasy's decoded {@code getQueryParameters()} throw on Open Liberty) means
 * an unknown id, never an error.
 */
class SseStreamRequestTest {

    @Test
    void encodedParametersAreDecodedLeniently() {
        MultivaluedMap<String, String> encoded = new MultivaluedHashMap<>();
        encoded.add("lastEventId", "%zz");
        encoded.add("topic", "device%2042+x");
        encoded.add("id", "3f9a1c07b2e4-17");
        SseStreamRequest request = new SseStreamRequest(noHeaders(), uriInfo(encoded, false), null, Map.of());
        assertEquals("%zz", request.queryParameter("lastEventId"));
        assertEquals("device 42 x", request.queryParameter("topic"));
        assertEquals("3f9a1c07b2e4-17", request.queryParameter("id"));
        assertNull(request.queryParameter("absent"));
        assertEquals("https", request.scheme());
    }

    @Test
    void aRuntimeThatRefusesEvenTheEncodedQueryIsReadFromTheServletRequestsRawQuery() {
        SseStreamRequest request = new SseStreamRequest(noHeaders(), uriInfo(new MultivaluedHashMap<>(), true), null,
                Map.of(), () -> "lastEventId=%zz&id=3f9a1c07b2e4-17&x=%zz");
        assertEquals("%zz", request.queryParameter("lastEventId"));
        assertEquals("3f9a1c07b2e4-17", request.queryParameter("id"));
        assertNull(request.queryParameter("absent"));
    }

    private static HttpHeaders noHeaders() {
        return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class}, (proxy, method, args) -> null);
    }

    /** A UriInfo whose decoded parameters throw, as RESTEasy's do for a malformed escape. */
    private static UriInfo uriInfo(MultivaluedMap<String, String> encoded, boolean encodedThrowsToo) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getQueryParameters" -> {
                        boolean decode = args == null || (Boolean) args[0];
                        if (decode || encodedThrowsToo) {
                            throw new IllegalArgumentException("Malformed escape pair at index 13");
                        }
                        yield encoded;
                    }
                    case "getBaseUri" -> URI.create("https://app.test/app/");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
