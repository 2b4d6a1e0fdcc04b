package dev.melody.stream.tck.app;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the server logs at {@code SEVERE} (JBoss Logging's {@code ERROR} and above) while the WAR is
 * deployed, through a {@link java.util.logging.Handler} on the root logger, and reports it as plain-text
 * {@code key=value} lines:
 * <ul>
 * <li>{@code GET /disconnectlog/records?from=} the number of records captured so far, and each record from index
 * {@code from} on, as {@code record.<i>=<level> [<logger>] <message>: <thrown>}</li>
 * <li>{@code GET /disconnectlog/streams} the SSE requests {@link SseDisconnectStreamFilter} saw go asynchronous,
 * how many of them have ended, how many of those through {@code AsyncListener.onComplete}, and the
 * {@code onError} calls</li>
 * </ul>
 *
 * <p>Thread-safety: the captured records are guarded by their list. Lifecycle: loaded when the WAR starts, so that
 * the handler is attached before any stream opens; removed when the WAR stops.
 */
@WebServlet(urlPatterns = "/disconnectlog/*", loadOnStartup = 1)
public class SseDisconnectLogServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final List<String> RECORDS = new ArrayList<>();

    private final transient Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                synchronized (RECORDS) {
                    RECORDS.add(describe(record));
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void init() throws ServletException {
        capture.setLevel(Level.SEVERE);
        Logger.getLogger("").addHandler(capture);
    }

    @Override
    public void destroy() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder body = new StringBuilder();
        if ("/records".equals(request.getPathInfo())) {
            String from = request.getParameter("from");
            int first = from == null ? 0 : Integer.parseInt(from);
            synchronized (RECORDS) {
                body.append("count=").append(RECORDS.size()).append('\n');
                for (int i = first; i < RECORDS.size(); i++) {
                    body.append("record.").append(i).append('=').append(RECORDS.get(i)).append('\n');
                }
            }
        } else if ("/streams".equals(request.getPathInfo())) {
            body.append("started=").append(SseDisconnectStreamFilter.started()).append('\n');
            body.append("ended=").append(SseDisconnectStreamFilter.ended()).append('\n');
            body.append("completed=").append(SseDisconnectStreamFilter.completed()).append('\n');
            body.append("errors=").append(oneLine(SseDisconnectStreamFilter.errors())).append('\n');
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "unknown probe " + request.getPathInfo());
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(LogRecord record) {
        StringBuilder line = new StringBuilder().append(record.getLevel()).append(" [")
                .append(record.getLoggerName()).append("] ").append(record.getMessage());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(": ").append(trace);
        }
        return oneLine(line.toString());
    }

    private static String oneLine(String value) {
        return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }
}
