package dev.melody.stream.tck.app;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the SSE requests that go asynchronous (an open stream) and those whose asynchronous cycle has ended, so a
 * test can tell that every stream of a client that went away was completed on the server, not only unsubscribed;
 * also records on which thread each {@code AsyncListener.onError} ran, and for what.
 *
 * <p>Thread-safety: the counters are atomic. Lifecycle: one per WAR; the counts live as long as its classes.
 */
@WebFilter(urlPatterns = "/melody/events/*", asyncSupported = true)
public class SseDisconnectStreamFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final AtomicInteger STARTED = new AtomicInteger();
    private static final AtomicInteger ENDED = new AtomicInteger();
    private static final Queue<String> ERRORS = new ConcurrentLinkedQueue<>();

    static int started() {
        return STARTED.get();
    }

    static int ended() {
        return ENDED.get();
    }

    static String errors() {
        return String.join("; ", ERRORS);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
        if (request.isAsyncStarted()) {
            STARTED.incrementAndGet();
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    ENDED.incrementAndGet();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                    ERRORS.add(Thread.currentThread().getName() + ": " + event.getThrowable());
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
        }
    }
}
