package dev.melody.stream.impl.config;

import dev.melody.stream.InvalidStreamOptionException;
import dev.melody.stream.OverflowPolicy;
import dev.melody.stream.StreamOptions;
import dev.melody.stream.WebSocketFrames;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link StreamOptions} from configuration keys {@code melody.stream.<option>}, over any key lookup.
 *
 * <p><b>Role.</b> The configuration-source-neutral part of reading options: key names, value syntax and error
 * messages. Absent keys keep their defaults. A value that cannot be parsed, or that breaks an option's rule,
 * fails with an {@link InvalidConfigurationException} naming the key, the value and the rule.
 *
 * <p>Value syntax: integers for sizes and counts; durations as {@code 500ms}, {@code 10s}, {@code 2m},
 * {@code 1h} or ISO-8601 ({@code PT10S}); enum constants case-insensitively ({@code drop_oldest}); origin patterns
 * comma-separated.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static helpers; not instantiable.
 */
public final class OptionsReader {

    /** The prefix of every configuration key. */
    public static final String PREFIX = "melody.stream.";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private OptionsReader() {
    }

    /**
     * Reads options from a key lookup.
     *
     * @param lookup returns the configured value of a full key, or empty when unset
     * @return the options: the defaults, overridden by every key that is set
     * @throws InvalidConfigurationException naming the first key whose value is not acceptable
     */
    public static StreamOptions read(Function<String, Optional<String>> lookup) {
        StreamOptions.Builder builder = StreamOptions.builder();
        lookup.apply(PREFIX + "webSocketPath").ifPresent(v -> builder.webSocketPath(v.trim()));
        lookup.apply(PREFIX + "ssePath").ifPresent(v -> builder.ssePath(v.trim()));
        lookup.apply(PREFIX + "originPatterns").ifPresent(v -> builder.originPatterns(patterns(v)));
        integer(lookup, "readLimit").ifPresent(builder::readLimit);
        integer(lookup, "subscriberBuffer").ifPresent(builder::subscriberBuffer);
        constant(lookup, "overflowPolicy", OverflowPolicy.class).ifPresent(builder::overflowPolicy);
        duration(lookup, "writeTimeout").ifPresent(builder::writeTimeout);
        duration(lookup, "idleTimeout").ifPresent(builder::idleTimeout);
        duration(lookup, "sseHeartbeat").ifPresent(builder::sseHeartbeat);
        integer(lookup, "historySize").ifPresent(builder::historySize);
        whole(lookup, "historyBytes").ifPresent(builder::historyBytes);
        duration(lookup, "historyTtl").ifPresent(builder::historyTtl);
        whole(lookup, "maxRetainedBytes").ifPresent(builder::maxRetainedBytes);
        constant(lookup, "webSocketFrames", WebSocketFrames.class).ifPresent(builder::webSocketFrames);
        try {
            return builder.build();
        } catch (InvalidStreamOptionException e) {
            String key = PREFIX + e.option();
            throw new InvalidConfigurationException(key, lookup.apply(key).orElse(e.value()), e.rule());
        }
    }

    private static List<String> patterns(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Optional<Integer> integer(Function<String, Optional<String>> lookup, String option) {
        return number(lookup, option, Integer::valueOf, "must be a whole number");
    }

    private static Optional<Long> whole(Function<String, Optional<String>> lookup, String option) {
        return number(lookup, option, Long::valueOf, "must be a whole number of bytes");
    }

    private static <N> Optional<N> number(Function<String, Optional<String>> lookup, String option,
                                          Function<String, N> parse, String rule) {
        return lookup.apply(PREFIX + option).map(value -> {
            try {
                return parse.apply(value.trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(PREFIX + option, value, rule);
            }
        });
    }

    private static <E extends Enum<E>> Optional<E> constant(Function<String, Optional<String>> lookup,
                                                           String option, Class<E> type) {
        return lookup.apply(PREFIX + option).map(value -> {
            try {
                return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(PREFIX + option, value,
                        "must be one of " + Arrays.toString(type.getEnumConstants()));
            }
        });
    }

    private static Optional<Duration> duration(Function<String, Optional<String>> lookup, String option) {
        return lookup.apply(PREFIX + option).map(value -> parseDuration(PREFIX + option, value));
    }

    static Duration parseDuration(String key, String value) {
        String text = value.trim();
        Matcher matcher = SHORT_DURATION.matcher(text);
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
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new InvalidConfigurationException(key, value,
                    "must be a duration such as 500ms, 10s, 2m, 1h or PT10S");
        }
    }
}
