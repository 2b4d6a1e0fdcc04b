package dev.melody.stream.impl.access;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A configured path such as {@code /ws/{topic}}, matched against request paths to read its variables.
 *
 * <p><b>Role.</b> Gives {@link dev.melody.stream.spi.StreamRequest#pathParameter(String)} its value where the
 * runtime does not (a WebSocket {@code HandshakeRequest}, a servlet filter). A {@code {name}} segment matches one
 * path segment, percent-decoded; every other segment must match literally. An empty variable segment
 * ({@code /ws/}), or variables missing at the end of the path ({@code /ws} for {@code /ws/{topic}}), still match,
 * without those variables: such a request is addressed to the stream path but names no topic there, and is answered
 * by the access check (400 {@code topic missing} unless the resolver finds the topic elsewhere) rather than by
 * whatever the runtime does with a path it has no endpoint for.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; built once per configured path and shared.
 */
public final class PathTemplate {

    private final String template;
    private final List<String> segments;

    /**
     * Parses a template.
     *
     * @param template a path starting with {@code /}, whose segments may be {@code {name}} variables
     */
    public PathTemplate(String template) {
        this.template = template;
        this.segments = split(template);
    }

    /**
     * Matches a request path, relative to the context root.
     *
     * @param path the raw (still percent-encoded) path, such as {@code /ws/device-42}
     * @return the decoded variables by name, or {@code null} when the path does not match
     */
    public Map<String, String> match(String path) {
        List<String> actual = split(path);
        int missing = segments.size() - actual.size();
        if (missing < 0 || missing > trailingVariables()) {
            return null;
        }
        return matchSegments(actual);
    }

    private int trailingVariables() {
        int count = 0;
        for (int i = segments.size() - 1; i >= 0 && isVariable(segments.get(i)); i--) {
            count++;
        }
        return count;
    }

    /**
     * Matches the last segments of a full request path, for runtimes that do not say where the context root ends
     * (a WebSocket handshake request).
     *
     * @param path the raw path, including the context root, such as {@code /app/ws/device-42}
     * @return the decoded variables by name, or {@code null} when the path's tail does not match
     */
    public Map<String, String> matchTail(String path) {
        List<String> actual = split(path);
        int extra = actual.size() - segments.size();
        return extra < 0 ? null : matchSegments(actual.subList(extra, actual.size()));
    }

    private Map<String, String> matchSegments(List<String> actual) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < actual.size(); i++) {
            String expected = segments.get(i);
            String segment = actual.get(i);
            if (isVariable(expected)) {
                if (!segment.isEmpty()) {
                    variables.put(expected.substring(1, expected.length() - 1), decode(segment));
                }
            } else if (!expected.equals(segment)) {
                return null;
            }
        }
        return variables;
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        int start = path.startsWith("/") ? 1 : 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            parts.add(path.substring(start, end));
            start = end + 1;
        }
        return parts;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;                      // a malformed escape is kept as sent; the topic rule judges it
        }
    }

    @Override
    public String toString() {
        return template;
    }
}
