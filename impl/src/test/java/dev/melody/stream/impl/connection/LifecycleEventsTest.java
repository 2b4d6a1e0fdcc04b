package dev.melody.stream.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamConnection;
import dev.melody.stream.StreamOpened;
import dev.melody.stream.Transport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.EventMetadata;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each observer of {@code StreamOpened} and {@code StreamClosed} is notified on its own, in Weld. */
class LifecycleEventsTest {

    private WeldContainer weld;
    private LifecycleEvents events;
    private final Records log = new Records();
    private final Logger jul = Logger.getLogger(LifecycleEvents.class.getName());

    @BeforeEach
    void start() {
        weld = new Weld().disableDiscovery()
                .addBeanClasses(LifecycleObservers.Throwing.class, LifecycleObservers.Recording.class,
                        Late.class, Async.class)
                .initialize();
        events = new LifecycleEvents(weld.select(BeanManager.class).get());
        jul.addHandler(log);
    }

    @AfterEach
    void stop() {
        jul.removeHandler(log);
        weld.shutdown();
    }

    @Test
    void anObserverThatThrowsOnStreamOpenedLeavesTheLaterObserversNotified() {
        StreamOpened opened = new StreamOpened(new FixedConnection("c1"));
        events.fireOpened(opened);
        assertEquals(List.of(opened), recording().seen());
        assertEquals(List.of("opened c1"), late().seen());
    }

    @Test
    void anObserverThatThrowsOnStreamClosedLeavesTheLaterObserversNotified() {
        StreamClosed closed = new StreamClosed(new FixedConnection("c2"), CloseCause.CLIENT_CLOSED, "bye");
        events.fireClosed(closed);
        assertEquals(List.of(closed), recording().seen());
        assertEquals(List.of("closed c2"), late().seen());
    }

    @Test
    void everyEventReachesEveryObserverAgain() {
        for (int i = 0; i < 3; i++) {
            FixedConnection connection = new FixedConnection("c" + i);
            events.fireOpened(new StreamOpened(connection));
            events.fireClosed(new StreamClosed(connection, CloseCause.SHUTDOWN, ""));
        }
        assertEquals(6, recording().seen().size());
        assertEquals(List.of("opened c0", "closed c0", "opened c1", "closed c1", "opened c2", "closed c2"),
                late().seen());
    }

    @Test
    void aThrowingObserverIsLoggedInOneWarningLineThatNamesItAndTheException() {
        events.fireOpened(new StreamOpened(new FixedConnection("c3")));
        List<LogRecord> warnings = log.at(Level.WARNING, "threw");
        assertEquals(1, warnings.size(), () -> log.records.toString());
        String line = warnings.get(0).getMessage();
        assertTrue(line.contains("StreamOpened"), line);
        assertTrue(line.contains(LifecycleObservers.Throwing.class.getSimpleName()), line);
        assertTrue(line.contains("onOpened"), line);
        assertTrue(line.contains(IllegalStateException.class.getName() + ": " + LifecycleObservers.FAILURE), line);
        assertTrue(line.lines().count() == 1, line);
        assertNull(warnings.get(0).getThrown(), "no stack trace at WARNING");
    }

    @Test
    void aThrowingObserverIsReportedAtMostOncePerInterval() {
        for (int i = 0; i < 5; i++) {
            events.fireClosed(new StreamClosed(new FixedConnection("c" + i), CloseCause.ERROR, "x"));
        }
        assertEquals(1, log.at(Level.WARNING, "threw").size(), () -> log.records.toString());
        assertEquals(5, late().seen().size());
    }

    @Test
    void asyncObserversAreNotNotifiedAndNamedOnceInAWarning() {
        events.fireOpened(new StreamOpened(new FixedConnection("c4")));
        events.fireOpened(new StreamOpened(new FixedConnection("c5")));
        List<LogRecord> warnings = log.at(Level.WARNING, "@ObservesAsync");
        assertEquals(1, warnings.size(), () -> log.records.toString());
        assertTrue(warnings.get(0).getMessage().contains(Async.class.getSimpleName()), warnings.get(0)::getMessage);
        assertTrue(weld.select(Async.class).get().seen().isEmpty());
        assertEquals(2, late().seen().size());
    }

    private LifecycleObservers.Recording recording() {
        return weld.select(LifecycleObservers.Recording.class).get();
    }

    private Late late() {
        return weld.select(Late.class).get();
    }

    /** A third observer, last in priority, that reads the event's metadata as well. */
    @ApplicationScoped
    static class Late {

        private final List<String> seen = new CopyOnWriteArrayList<>();

        List<String> seen() {
            return List.copyOf(seen);
        }

        void onOpened(@Observes @Priority(3) StreamOpened event, EventMetadata metadata) {
            seen.add("opened " + event.connection().id());
        }

        void onClosed(@Observes @Priority(3) StreamClosed event) {
            seen.add("closed " + event.connection().id());
        }
    }

    /** An asynchronous observer, which these synchronous-only events never reach. */
    @ApplicationScoped
    static class Async {

        private final List<Object> seen = new CopyOnWriteArrayList<>();

        List<Object> seen() {
            return List.copyOf(seen);
        }

        void onOpened(@ObservesAsync StreamOpened event) {
            seen.add(event);
        }
    }

    /** A connection that only has an id, as the events' payload. */
    private record FixedConnection(String id) implements StreamConnection {

        @Override
        public String topic() {
            return "topic";
        }

        @Override
        public Transport transport() {
            return Transport.WEBSOCKET;
        }

        @Override
        public Optional<Principal> principal() {
            return Optional.empty();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean send(ServerSentEvent event) {
            return false;
        }

        @Override
        public void close(int code, String reason) {
            throw new UnsupportedOperationException("not a real connection");
        }
    }

    /** What the logger of {@link LifecycleEvents} writes while a test runs. */
    private static final class Records extends Handler {

        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        List<LogRecord> at(Level level, String containing) {
            List<LogRecord> found = new ArrayList<>();
            for (LogRecord record : records) {
                if (record.getLevel().equals(level) && record.getMessage().contains(containing)) {
                    found.add(record);
                }
            }
            return found;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
