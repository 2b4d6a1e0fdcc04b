package dev.melody.stream.impl.sse;

import dev.melody.stream.impl.server.ServerDetection;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;

/**
 * Finds the thread a stream's drains and sends should run on, where the container has one: on Undertow (WildFly),
 * the I/O thread of the request's exchange ({@link SseChannel#drainExecutor()} once the response is committed).
 *
 * <p><b>Why.</b> When a client has gone away, the next write to its stream fails, and Undertow then completes the
 * request itself. If the write ran on any other thread (as the writers pool's), that completion is posted to the
 * I/O thread, where closing the response writes to the closed connection and fails again, and Undertow logs that
 * second failure as {@code ERROR UT005088: Failed to execute ServletOutputStream.closeAsync() on IO thread}, with a
 * stack trace, for every closed browser tab. A write that fails on the I/O thread completes the request inline, and
 * Undertow reports that failure at {@code DEBUG} only. RESTEasy's sends never block there: once the request has
 * returned they only queue the bytes and write what the socket takes, and Undertow's I/O thread is also where
 * RESTEasy itself writes whatever the socket did not take.
 *
 * <p><b>How.</b> Undertow keeps the current request in a thread-local ({@code ServletRequestContext.current()});
 * it is read, by reflection so that the library needs no Undertow API, on the thread that serves the request. On
 * other containers, or when the class is not visible, there is no such thread and sends stay on the writers pool.
 *
 * <p><b>Thread-safety.</b> Stateless; {@link #ofCurrentRequest()} must be called on the request's own thread.
 */
final class SseSendThread {

    private static final System.Logger LOG = System.getLogger(SseSendThread.class.getName());

    private SseSendThread() {
    }

    /**
     * Returns the I/O thread of the request being served on this thread, if the container is Undertow.
     *
     * @return the I/O thread as an executor, or {@code null} for none
     */
    static Executor ofCurrentRequest() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> contextType = Class.forName(ServerDetection.UNDERTOW_REQUEST_CONTEXT, false,
                    loader != null ? loader : SseSendThread.class.getClassLoader());
            Object context = contextType.getMethod("current").invoke(null);
            if (context == null) {
                return null;
            }
            Object exchange = context.getClass().getMethod("getExchange").invoke(context);
            Method ioThread = exchange.getClass().getMethod("getIoThread");
            return ioThread.invoke(exchange) instanceof Executor executor ? executor : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;                                       // not Undertow
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "No Undertow I/O thread for this SSE stream: " + e);
            return null;
        }
    }
}
