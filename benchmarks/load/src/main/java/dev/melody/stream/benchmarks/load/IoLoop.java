package dev.melody.stream.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One selector thread serving many client connections: connects, reads and parses, so that thousands of
 * connections cost a few threads and no thread per connection.
 *
 * <p><b>Thread-safety.</b> Every connection is owned by one loop and touched only on its thread. Other threads
 * talk to a loop through {@link #execute(Runnable)} and {@link #call(Supplier)}, which run the task on the loop's
 * thread (the queue gives the happens-before edge both ways).
 *
 * <p><b>Lifecycle.</b> Created and started by the client; {@link #close()} stops the thread and closes every
 * channel it still holds.
 */
final class IoLoop implements AutoCloseable {

    static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long SELECT_MILLIS = 100;

    private final int index;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private volatile boolean running = true;

    IoLoop(int index) {
        this.index = index;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, "load-io-" + index);
        thread.setDaemon(true);
        thread.start();
    }

    /** Returns this loop's index, the slot of its per-loop statistics. */
    int index() {
        return index;
    }

    Selector selector() {
        return selector;
    }

    /** Runs a task on the loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs a task on the loop's thread and returns its result when done. */
    <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void run() {
        while (running) {
            try {
                selector.select(SELECT_MILLIS);
                runTasks();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    ((ClientConnection) key.attachment()).ready(key, buffer);
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("load client I/O loop " + index + ": " + e);
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((ClientConnection) key.attachment()).closeQuietly();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(SELECT_MILLIS * 50);
    }
}
