package dev.melody.stream.tck.app;

import jakarta.servlet.AsyncContext;
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
 * test can tell that every stream of a client that went away was completed on the server, not only unsubscribed; also
 * records on which thread each {@code AsyncListener.onError} ran, and for what.
 *
 * <p>A stream has ended when its {@code AsyncListener.onComplete} ran, or when its request is no longer in
 * asynchronous mode (some containers do not tell the listeners of a request whose connection was lost); both are
 * reported.
 *
 * <p>Thread-safety: the counters are atomic, the streams a concurrent queue. Lifecycle: one per WAR; the counts live as
 * long as its classes.
 */
@WebFilter(urlPatterns = "/melody/events/*", asyncSupported = true)
public class SseDisconnectStreamFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final Queue<Stream> STREAMS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger COMPLETED = new AtomicInteger();
    private static final Queue<String> ERRORS = new ConcurrentLinkedQueue<>();

    /** One asynchronous SSE request; {@code ended} is sticky once seen, as the container may recycle the request. */
    private static final class Stream {
        final AsyncContext context;
        volatile boolean ended;

        Stream(AsyncContext context) {
            this.context = context;
        }

        boolean ended() {
            if (!ended) {
                try {
                    ended = !context.getRequest().isAsyncStarted();
                } catch (IllegalStateException completed) {
                    ended = true;
                }
            }
            return ended;
        }
    }

    static int started() {
        return STREAMS.size();
    }

    static int ended() {
        return (int) STREAMS.stream().filter(Stream::ended).count();
    }

    static int completed() {
        return COMPLETED.get();
    }

    static String errors() {
        return String.join("; ", ERRORS);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
        if (request.isAsyncStarted()) {
            Stream stream = new Stream(request.getAsyncContext());
            STREAMS.add(stream);
            try {
                stream.context.addListener(listener(stream));
            } catch (IllegalStateException late) {             // a container that takes listeners only earlier
                ERRORS.add("no listener: " + late);
            }
        }
    }

    private static AsyncListener listener(Stream stream) {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stream.ended = true;
                COMPLETED.incrementAndGet();
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
        };
    }
}
