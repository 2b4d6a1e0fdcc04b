package dev.melody.stream.redis;

import dev.melody.stream.spi.BackplaneContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Redis backplane's settings, read and checked once from the application's configuration.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #URI}</td><td>none: the backplane is off</td><td>{@code redis://[user:password@]host[:port][/db]}
 * or {@code rediss://} for TLS</td></tr>
 * <tr><td>{@value #CHANNEL}</td><td>{@value #DEFAULT_CHANNEL}</td><td>the pub/sub channel, also the prefix of the
 * per-topic keys; empty means the default (as in Go)</td></tr>
 * <tr><td>{@value #TIMEOUT}</td><td>2s</td><td>connect and command timeout, and the bound of a history read</td></tr>
 * <tr><td>{@value #QUEUE}</td><td>{@value #DEFAULT_QUEUE}</td><td>broadcasts waiting for Redis; when full, a
 * broadcast is delivered locally only and counted as a failure</td></tr>
 * <tr><td>{@value #MAX_MESSAGE_BYTES}</td><td>{@value #DEFAULT_MAX_MESSAGE_BYTES}</td><td>the largest envelope
 * read from the channel; larger ones are skipped and counted</td></tr>
 * <tr><td>{@value #HOLE_WAIT}</td><td>50ms</td><td>how long a sequence hole may stay open before it is filled from
 * the topic's Redis stream</td></tr>
 * </table>
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; made once by the provider and kept by the backplane.
 *
 * @param host the Redis host
 * @param port the Redis port
 * @param tls whether to connect with TLS ({@code rediss://})
 * @param user the ACL user, or {@code null}
 * @param password the password, or {@code null}
 * @param database the database index
 * @param channel the pub/sub channel and key prefix
 * @param timeout the connect, command and history timeout
 * @param queueCapacity the most broadcasts waiting for Redis
 * @param maxMessageBytes the largest envelope accepted from the channel
 * @param holeWait how long a hole may stay open before it is filled from the stream
 */
record RedisSettings(String host, int port, boolean tls, String user, String password, int database,
                     String channel, Duration timeout, int queueCapacity, int maxMessageBytes, Duration holeWait) {

    static final String PREFIX = "melody.stream.redis.";
    static final String URI = PREFIX + "uri";
    static final String CHANNEL = PREFIX + "channel";
    static final String TIMEOUT = PREFIX + "timeout";
    static final String QUEUE = PREFIX + "queue";
    static final String MAX_MESSAGE_BYTES = PREFIX + "maxMessageBytes";
    static final String HOLE_WAIT = PREFIX + "holeWait";

    static final String DEFAULT_CHANNEL = "melody:sse";
    static final int DEFAULT_QUEUE = 65_536;
    static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * Reads the settings; empty when {@value #URI} is not set.
     *
     * @param context where the settings come from
     * @return the settings, or empty when the backplane is not configured
     * @throws IllegalArgumentException naming the key and the value (password masked) when one is unacceptable
     */
    static Optional<RedisSettings> from(BackplaneContext context) {
        return from(context::setting);
    }

    static Optional<RedisSettings> from(Function<String, Optional<String>> setting) {
        Optional<String> uri = setting.apply(URI);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String channel = setting.apply(CHANNEL).orElse(DEFAULT_CHANNEL);
        Duration timeout = setting.apply(TIMEOUT).map(v -> duration(TIMEOUT, v)).orElse(Duration.ofSeconds(2));
        Duration holeWait = setting.apply(HOLE_WAIT).map(v -> duration(HOLE_WAIT, v)).orElse(Duration.ofMillis(50));
        int queue = setting.apply(QUEUE).map(v -> integer(QUEUE, v, 1, 10_000_000)).orElse(DEFAULT_QUEUE);
        int maxBytes = setting.apply(MAX_MESSAGE_BYTES).map(v -> integer(MAX_MESSAGE_BYTES, v, 1024, 512 << 20))
                .orElse(DEFAULT_MAX_MESSAGE_BYTES);
        if (timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw invalid(TIMEOUT, setting.apply(TIMEOUT).orElse(""), "must be a positive duration");
        }
        return Optional.of(parseUri(uri.get()).with(channel, timeout, queue, maxBytes, holeWait));
    }

    private RedisSettings with(String newChannel, Duration newTimeout, int queue, int maxBytes, Duration wait) {
        return new RedisSettings(host, port, tls, user, password, database, newChannel, newTimeout, queue, maxBytes,
                wait);
    }

    /** Parses {@code redis://} and {@code rediss://} URIs; the other fields get defaults. */
    static RedisSettings parseUri(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(URI, value, "is not a URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (!"redis".equalsIgnoreCase(scheme) && !"rediss".equalsIgnoreCase(scheme)) {
            throw invalid(URI, value, "must start with redis:// or rediss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(URI, value, "names no host");
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw invalid(URI, value, "must not have a query or fragment");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? "" : userInfo.substring(0, colon);
            String rawPassword = colon < 0 ? userInfo : userInfo.substring(colon + 1);
            user = rawUser.isEmpty() ? null : decode(rawUser, value);
            password = rawPassword.isEmpty() ? null : decode(rawPassword, value);
        }
        return new RedisSettings(uri.getHost(), port, "rediss".equalsIgnoreCase(scheme), user, password,
                database(uri.getPath(), value), DEFAULT_CHANNEL, Duration.ofSeconds(2), DEFAULT_QUEUE,
                DEFAULT_MAX_MESSAGE_BYTES, Duration.ofMillis(50));
    }

    private static int database(String path, String value) {
        if (path == null || path.isEmpty() || "/".equals(path)) {
            return 0;
        }
        try {
            int db = Integer.parseInt(path.substring(1));
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(URI, value, "has a path that is not a database number (/0, /1, ...)");
    }

    private static String decode(String raw, String value) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(URI, value, "has a malformed %-escape in its user or password");
        }
    }

    private static Duration duration(String key, String value) {
        Matcher matcher = SHORT_DURATION.matcher(value);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(value);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw invalid(key, value, "must be a duration such as 500ms, 2s, 1m or PT2S");
        }
    }

    private static int integer(String key, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "must be a whole number from " + min + " to " + max);
    }

    private static IllegalArgumentException invalid(String key, String value, String rule) {
        String shown = URI.equals(key) ? masked(value) : value;
        return new IllegalArgumentException("Invalid " + key + "='" + shown + "': " + rule);
    }

    /**
     * Returns a URI with its password replaced by {@code ****}, for messages and logs.
     *
     * @param value a URI as configured, possibly malformed
     * @return the same text without the password
     */
    static String masked(String value) {
        int scheme = value.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = value.lastIndexOf('@');
        if (at < start) {
            return value;
        }
        String userInfo = value.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        return value.substring(0, start) + user + ":****" + value.substring(at);
    }

    /**
     * Describes where this connects to, without credentials, for log lines.
     *
     * @return for example {@code redis://127.0.0.1:6379/0 channel melody:sse}
     */
    String describe() {
        return (tls ? "rediss://" : "redis://") + (user == null ? "" : user + "@") + host + ':' + port + '/'
                + database + " channel " + channel;
    }

    @Override
    public String toString() {
        return "RedisSettings[" + describe() + ", timeout=" + timeout + ", queue=" + queueCapacity
                + ", maxMessageBytes=" + maxMessageBytes + ", holeWait=" + holeWait + "]";
    }
}
