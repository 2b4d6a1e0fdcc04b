package dev.melody.stream.benchmarks.server;

import jakarta.enterprise.context.Dependent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The WebSocket baseline at {@code /raw/{topic}}: registers each session with {@link RawSockets} and nothing more,
 * no hub, no writer, no timers.
 *
 * <p>One instance per connection; the container never calls it concurrently. {@code @Dependent} so that Open
 * Liberty treats it as a bean, as it does the library's endpoint.
 */
@Dependent
@ServerEndpoint("/raw/{topic}")
public class RawSocketEndpoint {

    @OnOpen
    public void open(Session session, @PathParam("topic") String topic) {
        RawSockets.INSTANCE.add(topic, session);
    }

    @OnClose
    public void close(Session session, CloseReason reason, @PathParam("topic") String topic) {
        RawSockets.INSTANCE.remove(topic, session);
    }

    @OnError
    public void error(Session session, Throwable error, @PathParam("topic") String topic) {
        RawSockets.INSTANCE.remove(topic, session);
    }
}
