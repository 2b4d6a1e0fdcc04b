package dev.melody.stream.impl.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.melody.stream.InboundMessage;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The application side of every in-process deployment: records the lifecycle events of both transports and the
 * inbound WebSocket messages, reacts to a few commands sent as text ({@value #THROW}, {@value #ECHO}…,
 * {@value #CLOSE}), and holds the openings of connections to {@value OpeningGate#TOPIC} at its {@link OpeningGate}.
 *
 * <p><b>Thread-safety.</b> The observers run on the library's threads (opening, closing, read threads) while the test
 * thread waits; every record is a concurrent queue.
 *
 * <p><b>Lifecycle.</b> One per deployment ({@code @ApplicationScoped}); read through {@link TestServer#events()}.
 */
@ApplicationScoped
public class TestEvents {

    /** An inbound text that makes the observer throw. */
    public static final String THROW = "throw";
    /** The prefix of an inbound text the observer answers with {@code "echo " + rest} to that client. */
    public static final String ECHO = "echo:";
    /** An inbound text that makes the application close the connection with 4000. */
    public static final String CLOSE = "close-me";

    @Inject
    OpeningGate gate;

    private final BlockingQueue<StreamOpened> opened = new LinkedBlockingQueue<>();
    private final BlockingQueue<StreamClosed> closed = new LinkedBlockingQueue<>();
    private final BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
    private final BlockingQueue<InboundMessage> inboundAsync = new LinkedBlockingQueue<>();

    void onOpened(@Observes StreamOpened event) {
        opened.add(event);
        gate.holdIfGated(event.connection().topic());
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

    /**
     * Waits for the next {@link StreamOpened}. It is fired while the connection is still opening (before its writer
     * starts): a test that must act on a fully open connection waits for a reply from it as well.
     *
     * @return the event
     * @throws InterruptedException if the test thread is interrupted
     */
    public StreamOpened awaitOpened() throws InterruptedException {
        return take(opened, "StreamOpened");
    }

    /**
     * Waits for the next {@link StreamClosed}.
     *
     * @return the event
     * @throws InterruptedException if the test thread is interrupted
     */
    public StreamClosed awaitClosed() throws InterruptedException {
        return take(closed, "StreamClosed");
    }

    /**
     * Waits for the next inbound message seen by the synchronous observer.
     *
     * @return the message
     * @throws InterruptedException if the test thread is interrupted
     */
    public InboundMessage awaitInbound() throws InterruptedException {
        return take(inbound, "InboundMessage");
    }

    /**
     * Waits for the next inbound message seen by the asynchronous observer.
     *
     * @return the message
     * @throws InterruptedException if the test thread is interrupted
     */
    public InboundMessage awaitInboundAsync() throws InterruptedException {
        return take(inboundAsync, "async InboundMessage");
    }

    /**
     * Tells whether no lifecycle event is waiting to be taken.
     *
     * @return {@code true} if every {@code StreamOpened} and {@code StreamClosed} so far has been taken
     */
    public boolean noLifecycleEventWaiting() {
        return opened.isEmpty() && closed.isEmpty();
    }

    private static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(item, "no " + what + " within " + Timeouts.WAIT);
        return item;
    }
}
