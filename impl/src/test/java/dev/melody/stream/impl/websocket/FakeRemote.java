package dev.melody.stream.impl.websocket;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RemoteEndpoint.Async} that records what is sent, counts sends in flight, and completes each send either
 * inline (as Undertow may) or on a given executor (as most containers do).
 */
final class FakeRemote implements RemoteEndpoint.Async {

    final List<String> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger maxStackDepth = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    final List<ByteBuffer> pingPayloads = new CopyOnWriteArrayList<>();
    final Semaphore sentPermits = new Semaphore(0);    // one permit per completed send
    private final Executor completions;                // null: complete inline, inside sendText

    FakeRemote(Executor completions) {
        this.completions = completions;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        maxStackDepth.accumulateAndGet(Thread.currentThread().getStackTrace().length, Math::max);
        sent.add(text);
        Runnable complete = () -> {
            inFlight.decrementAndGet();
            sentPermits.release();
            handler.onResult(new SendResult());
        };
        if (completions == null) {
            complete.run();
        } else {
            completions.execute(complete);
        }
    }

    @Override
    public void sendPing(ByteBuffer applicationData) {
        applicationData.array();                       // as Open Liberty does: a read-only buffer throws
        pings.incrementAndGet();
        pingPayloads.add(applicationData);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        sendText(java.nio.charset.StandardCharsets.UTF_8.decode(data).toString(), handler);
    }

    @Override
    public long getSendTimeout() {
        return 0;
    }

    @Override
    public void setSendTimeout(long timeoutmillis) {
    }

    @Override
    public Future<Void> sendText(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> sendObject(Object data) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void sendObject(Object data, SendHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setBatchingAllowed(boolean allowed) {
    }

    @Override
    public boolean getBatchingAllowed() {
        return false;
    }

    @Override
    public void flushBatch() {
    }

    @Override
    public void sendPong(ByteBuffer applicationData) {
    }
}
