package dev.melody.stream.jms;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Jakarta Messaging backplane's settings, read and checked once from the application's configuration.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #CONNECTION_FACTORY}</td><td>unset: an application CDI bean of type
 * {@code jakarta.jms.ConnectionFactory}, else {@value #DEFAULT_CONNECTION_FACTORY}</td><td>JNDI name of the
 * connection factory; when set, a missing name fails the deployment</td></tr>
 * <tr><td>{@value #TOPIC}</td><td>{@value #DEFAULT_TOPIC}</td><td>the topic's name, made with
 * {@code JMSContext.createTopic}; empty means the default</td></tr>
 * <tr><td>{@value #TOPIC_LOOKUP}</td><td>unset</td><td>JNDI name of a {@code jakarta.jms.Topic} to use instead of
 * {@value #TOPIC}</td></tr>
 * <tr><td>{@value #TIMEOUT}</td><td>2s</td><td>the longest one receive waits before the listener looks again</td></tr>
 * <tr><td>{@value #QUEUE}</td><td>{@value #DEFAULT_QUEUE}</td><td>broadcasts waiting for the broker</td></tr>
 * <tr><td>{@value #MAX_MESSAGE_BYTES}</td><td>{@value #DEFAULT_MAX_MESSAGE_BYTES}</td><td>the largest envelope read;
 * larger ones are skipped and counted</td></tr>
 * <tr><td>{@value #TIME_TO_LIVE}</td><td>60s</td><td>the messages' time to live on the broker; {@code 0} means
 * forever</td></tr>
 * </table>
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; made once by the provider and kept by the connector.
 *
 * @param connectionFactory the JNDI name of the connection factory, or {@code null} when the key is unset
 * @param topic the topic's name (used when {@code topicLookup} is {@code null})
 * @param topicLookup the JNDI name of the topic, or {@code null}
 * @param timeout the longest wait of one receive
 * @param queueCapacity the most broadcasts waiting for the broker
 * @param maxMessageBytes the largest envelope accepted from the topic
 * @param timeToLive the messages' time to live; zero for no expiry
 */
record JmsSettings(String connectionFactory, String topic, String topicLookup, Duration timeout, int queueCapacity,
                   int maxMessageBytes, Duration timeToLive) {

    static final String PREFIX = "melody.stream.jms.";
    static final String CONNECTION_FACTORY = PREFIX + "connectionFactory";
    static final String TOPIC = PREFIX + "topic";
    static final String TOPIC_LOOKUP = PREFIX + "topicLookup";
    static final String TIMEOUT = PREFIX + "timeout";
    static final String QUEUE = PREFIX + "queue";
    static final String MAX_MESSAGE_BYTES = PREFIX + "maxMessageBytes";
    static final String TIME_TO_LIVE = PREFIX + "timeToLive";

    /** The connection factory every Jakarta EE full-profile server binds (Jakarta EE platform, section EE.5.21). */
    static final String DEFAULT_CONNECTION_FACTORY = "java:comp/DefaultJMSConnectionFactory";
    static final String DEFAULT_TOPIC = "melody.sse";
    static final int DEFAULT_QUEUE = 65_536;
    static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(60);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final int MAX_TOPIC_NAME = 249;

    /**
     * Reads the settings.
     *
     * @param setting the application's settings by full key (trimmed values, empty when unset)
     * @return the settings
     * @throws IllegalArgumentException naming the key and the value when one is unacceptable
     */
    static JmsSettings from(Function<String, Optional<String>> setting) {
        String factory = setting.apply(CONNECTION_FACTORY).orElse(null);
        String topic = setting.apply(TOPIC).orElse(DEFAULT_TOPIC);
        checkName(TOPIC, topic);
        String topicLookup = setting.apply(TOPIC_LOOKUP).orElse(null);
        Duration timeout = setting.apply(TIMEOUT).map(v -> duration(TIMEOUT, v)).orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw invalid(TIMEOUT, setting.apply(TIMEOUT).orElse(""), "must be a positive duration, at most 24 days");
        }
        int queue = setting.apply(QUEUE).map(v -> integer(QUEUE, v, 1, 10_000_000)).orElse(DEFAULT_QUEUE);
        int maxBytes = setting.apply(MAX_MESSAGE_BYTES).map(v -> integer(MAX_MESSAGE_BYTES, v, 1024, 512 << 20))
                .orElse(DEFAULT_MAX_MESSAGE_BYTES);
        Duration ttl = setting.apply(TIME_TO_LIVE).map(v -> duration(TIME_TO_LIVE, v)).orElse(DEFAULT_TIME_TO_LIVE);
        if (!ttl.isZero() && ttl.toMillis() < 1 || ttl.toDays() > 3650) {
            throw invalid(TIME_TO_LIVE, setting.apply(TIME_TO_LIVE).orElse(""),
                    "must be 0 (no expiry) or from 1ms to 3650 days");
        }
        return new JmsSettings(factory, topic, topicLookup, timeout, queue, maxBytes, ttl);
    }

    /**
     * Returns the JNDI name the connection factory is looked up under when no CDI bean provides it.
     *
     * @return the configured name, else {@value #DEFAULT_CONNECTION_FACTORY}
     */
    String connectionFactoryName() {
        return connectionFactory == null ? DEFAULT_CONNECTION_FACTORY : connectionFactory;
    }

    private static void checkName(String key, String value) {
        if (value.length() > MAX_TOPIC_NAME) {
            throw invalid(key, value.substring(0, 40) + "...", "must be at most " + MAX_TOPIC_NAME + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw invalid(key, value, "must not contain white space or control characters");
            }
        }
    }

    private static Duration duration(String key, String value) {
        Matcher matcher = SHORT_DURATION.matcher(value);
        try {
            Duration parsed;
            if ("0".equals(value)) {
                parsed = Duration.ZERO;   // a bare 0 needs no unit
            } else if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                parsed = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                parsed = Duration.parse(value);
            }
            if (parsed.isNegative()) {
                throw invalid(key, value, "must not be negative");
            }
            return parsed;
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
        return new IllegalArgumentException("Invalid " + key + "='" + value + "': " + rule);
    }

    /**
     * Describes the topic for log lines.
     *
     * @return for example {@code topic melody.sse} or {@code topic java:/jms/topic/melody (JNDI)}
     */
    String describeTopic() {
        return topicLookup != null ? "topic " + topicLookup + " (JNDI)" : "topic " + topic;
    }
}
