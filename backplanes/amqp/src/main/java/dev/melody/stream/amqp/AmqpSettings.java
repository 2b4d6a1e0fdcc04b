package dev.melody.stream.amqp;

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
 * The AMQP backplane's settings, read and checked once from the application's configuration.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #URI}</td><td>none: the backplane is off</td>
 * <td>{@code amqp://[user:password@]host[:port][/vhost]}, or {@code amqps://} for TLS</td></tr>
 * <tr><td>{@value #EXCHANGE}</td><td>{@value #DEFAULT_EXCHANGE}</td><td>the fanout exchange (Go Melody's); empty means
 * the default</td></tr>
 * <tr><td>{@value #TIMEOUT}</td><td>2s</td><td>connection, handshake and channel-call timeout</td></tr>
 * <tr><td>{@value #QUEUE}</td><td>{@value #DEFAULT_QUEUE}</td><td>broadcasts waiting for the broker</td></tr>
 * <tr><td>{@value #MAX_MESSAGE_BYTES}</td><td>{@value #DEFAULT_MAX_MESSAGE_BYTES}</td><td>the largest envelope sent
 * or accepted</td></tr>
 * </table>
 *
 * <p>The parsing of durations and numbers is the Redis backplane's, repeated here because each backplane module
 * depends on the api alone.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; made once by the provider and kept by the connector.
 *
 * @param host the broker's host
 * @param port the broker's port
 * @param tls whether to connect with TLS ({@code amqps://}), verifying the host name against the JVM's trust store
 * @param user the user, or {@code null} for the client's default ({@code guest})
 * @param password the password, or {@code null} for the client's default
 * @param virtualHost the virtual host, {@code /} unless the URI names one
 * @param exchange the fanout exchange
 * @param timeout the connection, handshake and channel-call timeout
 * @param queueCapacity the most broadcasts waiting for the broker
 * @param maxMessageBytes the largest envelope sent or accepted
 */
record AmqpSettings(String host, int port, boolean tls, String user, String password, String virtualHost,
                    String exchange, Duration timeout, int queueCapacity, int maxMessageBytes) {

    static final String PREFIX = "melody.stream.amqp.";
    static final String URI = PREFIX + "uri";
    static final String EXCHANGE = PREFIX + "exchange";
    static final String TIMEOUT = PREFIX + "timeout";
    static final String QUEUE = PREFIX + "queue";
    static final String MAX_MESSAGE_BYTES = PREFIX + "maxMessageBytes";

    static final String DEFAULT_EXCHANGE = "melody.sse";
    static final int DEFAULT_QUEUE = 65_536;
    static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** AMQP short strings (exchange names) are at most 255 bytes; RabbitMQ allows these characters. */
    private static final Pattern EXCHANGE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");

    /**
     * Reads the settings; empty when {@value #URI} is not set.
     *
     * @param context where the settings come from
     * @return the settings, or empty when the backplane is not configured
     * @throws IllegalArgumentException naming the key and the value (password masked) when one is unacceptable
     */
    static Optional<AmqpSettings> from(BackplaneContext context) {
        return from(context::setting);
    }

    static Optional<AmqpSettings> from(Function<String, Optional<String>> setting) {
        Optional<String> uri = setting.apply(URI);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        String exchange = setting.apply(EXCHANGE).orElse(DEFAULT_EXCHANGE);
        if (!EXCHANGE_NAME.matcher(exchange).matches() || exchange.startsWith("amq.")) {
            throw invalid(EXCHANGE, exchange, "must be 1 to 255 letters, digits, '-', '_', '.' or ':', not starting "
                    + "with 'amq.' (reserved by the broker)");
        }
        Duration timeout = setting.apply(TIMEOUT).map(v -> duration(TIMEOUT, v)).orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw invalid(TIMEOUT, setting.apply(TIMEOUT).orElse(""), "must be a positive duration");
        }
        int queue = setting.apply(QUEUE).map(v -> integer(QUEUE, v, 1, 10_000_000)).orElse(DEFAULT_QUEUE);
        int maxBytes = setting.apply(MAX_MESSAGE_BYTES).map(v -> integer(MAX_MESSAGE_BYTES, v, 1024, 64 << 20))
                .orElse(DEFAULT_MAX_MESSAGE_BYTES);
        AmqpSettings parsed = parseUri(uri.get());
        return Optional.of(new AmqpSettings(parsed.host, parsed.port, parsed.tls, parsed.user, parsed.password,
                parsed.virtualHost, exchange, timeout, queue, maxBytes));
    }

    /** Parses {@code amqp://} and {@code amqps://} URIs as RabbitMQ's URI specification does; the rest defaults. */
    static AmqpSettings parseUri(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(URI, value, "is not a URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        boolean tls = "amqps".equalsIgnoreCase(scheme);
        if (!tls && !"amqp".equalsIgnoreCase(scheme)) {
            throw invalid(URI, value, "must start with amqp:// or amqps://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(URI, value, "names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(URI, value, "must not have a query or fragment (set the other melody.stream.amqp.* keys)");
        }
        int port = uri.getPort() < 0 ? (tls ? 5671 : 5672) : uri.getPort();
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), value);
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), value);
        }
        String rawPath = uri.getRawPath();
        String virtualHost;
        if (rawPath == null || rawPath.isEmpty()) {
            virtualHost = "/";
        } else if (rawPath.indexOf('/', 1) >= 0) {
            throw invalid(URI, value, "has a path of more than one segment (write a vhost '/' as %2F)");
        } else {
            virtualHost = decode(rawPath.substring(1), value);
        }
        return new AmqpSettings(uri.getHost(), port, tls, user, password, virtualHost, DEFAULT_EXCHANGE,
                DEFAULT_TIMEOUT, DEFAULT_QUEUE, DEFAULT_MAX_MESSAGE_BYTES);
    }

    private static String decode(String raw, String value) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(URI, value, "has a malformed %-escape");
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
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        return value.substring(0, start) + user + ":****" + value.substring(at);
    }

    /**
     * Describes where this connects to, without credentials, for log lines.
     *
     * @return for example {@code amqp://127.0.0.1:5672/ exchange melody.sse}
     */
    String describe() {
        String vhost = "/".equals(virtualHost) ? ""
                : java.net.URLEncoder.encode(virtualHost, StandardCharsets.UTF_8).replace("+", "%20");
        return (tls ? "amqps://" : "amqp://") + (user == null ? "" : user + "@") + host + ':' + port + '/' + vhost
                + " exchange " + exchange;
    }

    @Override
    public String toString() {
        return "AmqpSettings[" + describe() + ", timeout=" + timeout + ", queue=" + queueCapacity
                + ", maxMessageBytes=" + maxMessageBytes + "]";
    }
}
