package dev.melody.stream.tck.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that keeps the last {@value #CAPACITY} records it saw, numbered, so a probe
 * can answer "what was logged since mark N". Attached to the root logger by {@link LogCaptureListener}, it sees
 * every record that reaches the root: on WildFly the JBoss LogManager hands JUL handlers its records (the
 * server's own and the library's {@code System.Logger} lines among them), on Payara Micro and Open Liberty the
 * library's lines go through JUL too.
 *
 * <p><b>Thread-safety.</b> Thread-safe: records arrive on any thread; every access holds the handler's lock.
 *
 * <p><b>Lifecycle.</b> One per deployment, held by {@link LogCaptureListener} from context start to context end.
 */
public final class CapturingLogHandler extends Handler {

    /** The most records kept; older ones are dropped first. */
    static final int CAPACITY = 20_000;

    /** One captured record: its number, level, logger, formatted message and whether it carried a throwable. */
    public record Captured(long sequence, String level, int levelValue, String logger, String message,
                           String thrown) {
    }

    private final Formatter formatter = new SimpleFormatter();
    private final Deque<Captured> records = new ArrayDeque<>();   // guarded by this
    private long sequence;                                         // guarded by this

    /** Creates the handler, capturing every level. */
    public CapturingLogHandler() {
        setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        String message;
        try {
            message = formatter.formatMessage(record);
        } catch (RuntimeException e) {
            message = String.valueOf(record.getMessage());
        }
        Throwable thrown = record.getThrown();
        Level level = record.getLevel() == null ? Level.INFO : record.getLevel();
        synchronized (this) {
            sequence++;
            records.addLast(new Captured(sequence, level.getName(), level.intValue(),
                    String.valueOf(record.getLoggerName()), message == null ? "" : message,
                    thrown == null ? "" : thrown.getClass().getName() + " (" + thrown.getStackTrace().length
                            + " frames)"));
            if (records.size() > CAPACITY) {
                records.removeFirst();
            }
        }
    }

    /**
     * Returns the number of the last record seen, as a mark for {@link #since}.
     *
     * @return the mark
     */
    public synchronized long mark() {
        return sequence;
    }

    /**
     * Returns the records after a mark, oldest first.
     *
     * @param mark a value of {@link #mark()}
     * @return the records numbered above it that are still kept
     */
    public synchronized List<Captured> since(long mark) {
        List<Captured> result = new ArrayList<>();
        for (Captured captured : records) {
            if (captured.sequence() > mark) {
                result.add(captured);
            }
        }
        return result;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
