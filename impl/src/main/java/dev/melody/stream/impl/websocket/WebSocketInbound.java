package dev.melody.stream.impl.websocket;

import dev.melody.stream.impl.connection.Connection;
import dev.melody.stream.CloseCause;
import dev.melody.stream.InboundMessage;
import dev.melody.stream.impl.connection.ThrottledLog;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Turns one connection's inbound frames into {@link InboundMessage} CDI events, enforcing the read limit.
 *
 * <p><b>Role.</b> Each complete text or binary message is fired synchronously ({@code Event.fire}) to
 * {@code @Observes InboundMessage} observers on the container's read thread (so in arrival order, never concurrently
 * for one connection), then, if none threw, asynchronously ({@code Event.fireAsync}) to {@code @ObservesAsync}
 * observers. A message over {@code readLimit} bytes closes the connection with 1009 (most containers enforce the
 * limit first; this check makes it hold everywhere). A synchronous observer that throws ends that frame's
 * notification (CDI's rule for {@code Event.fire}: the synchronous observers after it and the asynchronous ones
 * miss the frame); an asynchronous one that throws leaves the other asynchronous observers notified. Either way this
 * connection is closed with 1011, its later frames are not fired, and one short line says why (at most one such line
 * every {@link #OBSERVER_FAILURE_LOG_INTERVAL}, through a {@link ThrottledLog}, since a client can provoke it per
 * message); other connections never notice. Pongs mark the client alive.
 *
 * <p><b>Thread-safety and lifecycle.</b> Called by the container for one session, never concurrently; installed
 * once in {@code onOpen} and discarded with the session.
 */
final class WebSocketInbound {

    static final String LOG_OBSERVER_FAILED = "An InboundMessage observer threw %s on WebSocket %s (topic '%s'); "
            + "closing that connection with 1011. Observers must not throw; catch and handle errors in them";

    /** How often a failing observer may be reported: a client can make one throw once per message. */
    static final Duration OBSERVER_FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);
    static final String LOG_TOO_BIG = "WebSocket %s (topic '%s') sent a %d-byte message over the readLimit of %d "
            + "bytes; closing it with 1009 (raise melody.stream.readLimit if such messages are expected)";

    private static final System.Logger LOG = System.getLogger(WebSocketInbound.class.getName());
    private static final ThrottledLog OBSERVER_FAILURES = new ThrottledLog(LOG, OBSERVER_FAILURE_LOG_INTERVAL);

    private final Connection connection;
    private final WebSocketChannel channel;
    private final WebSocketTransport transport;
    private final int readLimit;

    WebSocketInbound(Connection connection, WebSocketChannel channel, WebSocketTransport transport, int readLimit) {
        this.connection = connection;
        this.channel = channel;
        this.transport = transport;
        this.readLimit = readLimit;
    }

    /** Registers the message handlers on the session and sets the container's own limits to the read limit. */
    void install(Session session) {
        session.setMaxTextMessageBufferSize(readLimit);
        session.setMaxBinaryMessageBufferSize(readLimit);
        session.addMessageHandler(String.class, this::onText);
        session.addMessageHandler(ByteBuffer.class, this::onBinary);
        session.addMessageHandler(PongMessage.class, pong -> channel.pong(pong.getApplicationData()));
    }

    void onText(String text) {
        channel.heardFromClient();
        long size = text.length() * 3L <= readLimit ? text.length() : utf8Length(text);   // 3 bytes per char at most
        if (size > readLimit) {
            tooBig(size);
        } else {
            deliver(InboundMessage.ofText(connection.view(), text));
        }
    }

    void onBinary(ByteBuffer payload) {
        channel.heardFromClient();
        if (payload.remaining() > readLimit) {
            tooBig(payload.remaining());
            return;
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        deliver(InboundMessage.ofBinary(connection.view(), bytes));
    }

    private void deliver(InboundMessage message) {
        if (!connection.isOpen()) {
            return;
        }
        try {
            transport.fireInbound(message);
        } catch (RuntimeException e) {
            observerFailed(e);
            return;
        }
        transport.fireInboundAsync(message).whenComplete((delivered, failure) -> {
            if (failure != null) {
                observerFailed(failure);
            }
        });
    }

    private void observerFailed(Throwable failure) {
        if (connection.isOpen()) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            OBSERVER_FAILURES.log(Level.WARNING, () -> String.format(LOG_OBSERVER_FAILED, ThrottledLog.brief(cause),
                    connection.id(), connection.topic()), cause);
            channel.closeWith(
                    WebSocketCloses.reason(CloseCodes.UNEXPECTED_CONDITION, WebSocketCloses.REASON_OBSERVER_FAILED),
                    WebSocketCloses.REASON_OBSERVER_FAILED + ": " + failure);
        }
    }

    private void tooBig(long size) {
        LOG.log(Level.INFO, String.format(LOG_TOO_BIG, connection.id(), connection.topic(), size, readLimit));
        channel.closeWith(WebSocketCloses.reason(CloseCodes.TOO_BIG, WebSocketCloses.REASON_TOO_BIG),
                WebSocketCloses.REASON_TOO_BIG);
    }

    /** Returns the UTF-8 length of a string (an unpaired surrogate counts as the 3-byte replacement). */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
