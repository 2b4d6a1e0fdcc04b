package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The application side of the in-process tests: records lifecycle and inbound events, and reacts to a few
 * commands sent as text ({@value #THROW}, {@value #ECHO}…, {@value #CLOSE}).
 */
@ApplicationScoped
public class TestEvents {

    static final String THROW = "throw";
    static final String ECHO = "echo:";
    static final String CLOSE = "close-me";

    final BlockingQueue<StreamOpened> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<StreamClosed> closed = new LinkedBlockingQueue<>();
    final BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
    final BlockingQueue<InboundMessage> inboundAsync = new LinkedBlockingQueue<>();

    void onOpened(@Observes StreamOpened event) {
        opened.add(event);
    }

    void onClosed(@Observes StreamClosed event) {
        closed.add(event);
    }

    void onInbound(@Observes InboundMessage message) {
        inbound.add(message);
        String text = message.isText() ? message.text() : "";
        if (text.equals(THROW)) {
            throw new IllegalStateException("observer failure on purpose");
        } else if (text.startsWith(ECHO)) {
            message.connection().send(ServerSentEvent.of("echo " + text.substring(ECHO.length())));
        } else if (text.equals(CLOSE)) {
            message.connection().close(4000, "closed by the application");
        }
    }

    void onInboundAsync(@ObservesAsync InboundMessage message) {
        inboundAsync.add(message);
    }

    StreamOpened awaitOpened() throws InterruptedException {
        return take(opened, "StreamOpened");
    }

    StreamClosed awaitClosed() throws InterruptedException {
        return take(closed, "StreamClosed");
    }

    InboundMessage awaitInbound() throws InterruptedException {
        return take(inbound, "InboundMessage");
    }

    InboundMessage awaitInboundAsync() throws InterruptedException {
        return take(inboundAsync, "async InboundMessage");
    }

    /** Tells whether no lifecycle event is waiting to be taken. */
    boolean noLifecycleEventWaiting() {
        return opened.isEmpty() && closed.isEmpty();
    }

    static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(item, "no " + what + " within " + Timeouts.WAIT);
        return item;
    }
}
