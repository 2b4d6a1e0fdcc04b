package dev.melody.stream.impl.websocket;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/** Registers the transport's endpoint in a Tyrus server the way {@link WebSocketRegistrar} does on a server. */
public class TestApplication implements ServerApplicationConfig {

    static volatile String path = "/ws/{topic}";

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
        return Set.of(WebSocketStreamConfigurator.endpointConfig(path));
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of();
    }
}
