package dev.melody.stream.tck;

import dev.melody.stream.StreamOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders {@link StreamOptions} the way the hub probe reports them, so a test compares every option at once. */
final class ReportedOptions {

    private ReportedOptions() {
    }

    /**
     * Returns the {@code options.*} entries the probe reports for the given options.
     *
     * @param options the expected options
     * @return the entries, in the probe's order
     */
    static Map<String, String> of(StreamOptions options) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("options.webSocketPath", options.webSocketPath());
        entries.put("options.ssePath", options.ssePath());
        entries.put("options.originPatterns", String.join(",", options.originPatterns()));
        entries.put("options.readLimit", Integer.toString(options.readLimit()));
        entries.put("options.subscriberBuffer", Integer.toString(options.subscriberBuffer()));
        entries.put("options.overflowPolicy", options.overflowPolicy().name());
        entries.put("options.writeTimeout", options.writeTimeout().toString());
        entries.put("options.idleTimeout", options.idleTimeout().toString());
        entries.put("options.sseHeartbeat", options.sseHeartbeat().toString());
        entries.put("options.historySize", Integer.toString(options.historySize()));
        entries.put("options.historyBytes", Long.toString(options.historyBytes()));
        entries.put("options.historyTtl", options.historyTtl().toString());
        entries.put("options.maxRetainedBytes", Long.toString(options.maxRetainedBytes()));
        entries.put("options.webSocketFrames", options.webSocketFrames().name());
        return entries;
    }

    /**
     * Keeps the {@code options.*} entries of a probe answer.
     *
     * @param answer the hub probe's answer
     * @return its option entries, in order
     */
    static Map<String, String> in(Map<String, String> answer) {
        Map<String, String> entries = new LinkedHashMap<>();
        answer.forEach((key, value) -> {
            if (key.startsWith("options.")) {
                entries.put(key, value);
            }
        });
        return entries;
    }
}
