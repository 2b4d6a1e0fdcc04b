package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The application side of the in-process tests: records the lifecycle events of SSE streams. */
@ApplicationScoped
public class SseTestEvents {

    final BlockingQueue<StreamOpened> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<StreamClosed> closed = new LinkedBlockingQueue<>();

    void onOpened(@Observes StreamOpened event) {
        opened.add(event);
    }

    void onClosed(@Observes StreamClosed event) {
        closed.add(event);
    }

    StreamOpened awaitOpened() throws InterruptedException {
        return take(opened, "StreamOpened");
    }

    StreamClosed awaitClosed() throws InterruptedException {
        return take(closed, "StreamClosed");
    }

    static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(Timeouts.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(item, "no " + what + " within " + Timeouts.WAIT);
        return item;
    }
}
