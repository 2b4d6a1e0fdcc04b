package dev.melody.stream.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One measurement as a line {@code RESULT key=value …}: what was measured, against which target, and the figures.
 * The lines are the run's output; {@link Summary} reads them back.
 *
 * <p>Not thread-safe; built by one scenario thread.
 */
final class Result {

    static final String PREFIX = "RESULT";
    private static final double MICROS_PER_MILLI = 1_000.0;

    private final Map<String, String> fields = new LinkedHashMap<>();

    Result put(String key, Object value) {
        String text = value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(value);
        fields.put(key, text.replace(' ', '_'));
        return this;
    }

    /** Adds latency percentiles in milliseconds. */
    Result latency(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return this;
        }
        put("p50ms", histogram.getValueAtPercentile(50) / MICROS_PER_MILLI);
        put("p99ms", histogram.getValueAtPercentile(99) / MICROS_PER_MILLI);
        put("p999ms", histogram.getValueAtPercentile(99.9) / MICROS_PER_MILLI);
        return put("maxms", histogram.getMaxValue() / MICROS_PER_MILLI);
    }

    String get(String key) {
        return fields.get(key);
    }

    Map<String, String> fields() {
        return fields;
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(PREFIX);
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    /** Parses a line written by {@link #toString()}; returns {@code null} for any other line. */
    static Result parse(String line) {
        if (!line.startsWith(PREFIX + " ")) {
            return null;
        }
        Result result = new Result();
        result.fields.putAll(ServerControl.fields(line.substring(PREFIX.length())));
        return result;
    }
}
