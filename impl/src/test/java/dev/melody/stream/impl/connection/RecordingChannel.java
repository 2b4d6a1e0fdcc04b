package dev.melody.stream.impl.connection;

import dev.melody.stream.CloseCause;
import dev.melody.stream.ServerSentEvent;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * A transport channel of text messages for the writer's tests: an event is its data, nothing is acknowledged, and
 * every callback a test does not override does the least it can.
 */
abstract class RecordingChannel implements TransportChannel<String> {

    @Override
    public void bind(Connection connection) {
    }

    @Override
    public List<String> prelude(boolean resync) {
        return List.of();
    }

    @Override
    public Executor drainExecutor() {
        return null;
    }

    @Override
    public boolean continuesOnCompletionThread() {
        return false;
    }

    @Override
    public boolean marksGaps() {
        return true;
    }

    @Override
    public Duration keepAliveInterval() {
        return Duration.ZERO;
    }

    @Override
    public boolean keepAliveDue() {
        return true;
    }

    @Override
    public boolean mustAwaitAcknowledgement() {
        return false;
    }

    @Override
    public String keepAlive(String next) {
        return next;
    }

    @Override
    public String encode(ServerSentEvent event) {
        return event.data();
    }

    @Override
    public int batchLimit() {
        return 1;
    }

    @Override
    public String combine(List<String> messages) {
        return String.join("+", messages);
    }

    @Override
    public CloseCause classify(Throwable failure) {
        return CloseCause.ERROR;
    }

    @Override
    public Ending closeRequested(int code, String reason) {
        return new Ending(CloseCause.SERVER_CLOSED, code + " " + reason, null, null);
    }

    @Override
    public void goodbye(Ending ending) {
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.empty();
    }
}
