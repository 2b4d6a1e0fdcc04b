package dev.melody.stream.impl.websocket;

import dev.melody.stream.Transport;
import dev.melody.stream.impl.access.PathTemplate;
import dev.melody.stream.impl.access.QueryCases;
import dev.melody.stream.impl.access.ServletStreamRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.HandshakeRequest;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The servlet adapter (the filter's) and the handshake adapter (the configurator's) read one raw query alike, so a
 * WebSocket handshake resolves to the same topic whichever of the two decides it; the SSE adapter is held to the same
 * cases in {@code SseStreamRequestTest}.
 */
class QueryParametersReadAlikeTest {

    @Test
    void servletAndHandshakeAdaptersReadTheRawQueryAlike() {
        HttpServletRequest servlet = (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getQueryString")) {
                        return QueryCases.RAW;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        QueryCases.assertReadAsEveryAdapterReadsThem("ServletStreamRequest",
                new ServletStreamRequest(servlet, Transport.WEBSOCKET, Map.of()));

        HandshakeRequest handshake = (HandshakeRequest) Proxy.newProxyInstance(
                HandshakeRequest.class.getClassLoader(), new Class<?>[] {HandshakeRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getQueryString" -> QueryCases.RAW;
                    case "getRequestURI" -> URI.create("ws://localhost:1/app/ws/t?" + QueryCases.RAW);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        QueryCases.assertReadAsEveryAdapterReadsThem("HandshakeStreamRequest",
                new HandshakeStreamRequest(handshake, new PathTemplate("/ws/{topic}")));
    }
}
