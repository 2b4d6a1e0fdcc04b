package dev.melody.stream.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Client-provoked lines: one per interval, short, counting what was left out; stack traces only at DEBUG. */
class ThrottledLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RecordingLogger logger = new RecordingLogger(false);

    @Test
    void oneLinePerIntervalSayingHowManyWereLeftOut() {
        ThrottledLog log = new ThrottledLog(logger, Duration.ofNanos(100), now::get);
        assertTrue(log.log(Level.WARNING, () -> "first", null));
        for (int i = 0; i < 5; i++) {
            assertFalse(log.log(Level.WARNING, () -> "again", null));
        }
        now.addAndGet(99);
        assertFalse(log.log(Level.WARNING, () -> "again", null));
        now.addAndGet(1);
        assertTrue(log.log(Level.WARNING, () -> "later", null));
        assertEquals(List.of("WARNING first", "WARNING later (6 more like it since the previous one were not logged)"),
                logger.lines);
    }

    @Test
    void theStackTraceGoesToDebugOnlyWhenDebugIsOn() {
        RuntimeException failure = new RuntimeException("boom");
        new ThrottledLog(logger, Duration.ofSeconds(1), now::get).log(Level.WARNING, () -> "line", failure);
        assertEquals(List.of("WARNING line"), logger.lines);
        assertEquals(0, logger.thrown);

        RecordingLogger debugging = new RecordingLogger(true);
        new ThrottledLog(debugging, Duration.ofSeconds(1), now::get).log(Level.WARNING, () -> "line", failure);
        assertEquals(1, debugging.thrown);
    }

    @Test
    void briefNamesTheExceptionItsCutMessageAndWhereItWasThrown() {
        RuntimeException nested = new RuntimeException("Input is too deeply nested\r\n" + "x".repeat(500));
        nested.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("app.Parser", "read", "Parser.java", 42),
            new StackTraceElement("app.Parser", "read", "Parser.java", 42)});
        String brief = ThrottledLog.brief(nested);
        assertTrue(brief.startsWith("java.lang.RuntimeException: Input is too deeply nested x"), brief);
        assertTrue(brief.endsWith("... (at app.Parser.read:42)"), brief);
        assertTrue(brief.length() < 260, brief);
        assertFalse(brief.contains("\n"));
        assertEquals("java.lang.IllegalStateException", ThrottledLog.brief(withoutFrames(new IllegalStateException())));
    }

    private static Throwable withoutFrames(Throwable failure) {
        failure.setStackTrace(new StackTraceElement[0]);
        return failure;
    }

    /** A System.Logger that records "LEVEL message" lines and counts stack traces. */
    private static final class RecordingLogger implements System.Logger {
        final List<String> lines = new ArrayList<>();
        final boolean debug;
        int thrown;

        RecordingLogger(boolean debug) {
            this.debug = debug;
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return debug || level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable failure) {
            if (level == Level.DEBUG) {
                thrown++;
            } else {
                lines.add(level + " " + msg);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }

        @Override
        public void log(Level level, Supplier<String> supplier) {
            lines.add(level + " " + supplier.get());
        }
    }
}
