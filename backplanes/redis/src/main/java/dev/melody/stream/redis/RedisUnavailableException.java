package dev.melody.stream.redis;

/**
 * The failure of a broadcast that was delivered on this node only, because Redis was unreachable or the queue to it
 * was full; the hub counts it in {@code backplaneFailures}.
 *
 * <p><b>Thread-safety and lifecycle.</b> One shared, immutable instance without a stack trace: a routine outage
 * should not cost a stack trace per broadcast.
 */
final class RedisUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    static final RedisUnavailableException INSTANCE = new RedisUnavailableException();

    private RedisUnavailableException() {
        super("Redis backplane unavailable: delivered on this node only");
        setStackTrace(new StackTraceElement[0]);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
