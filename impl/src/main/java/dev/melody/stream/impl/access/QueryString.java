package dev.melody.stream.impl.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads parameters from a raw (still percent-encoded) query string the same way for every transport and server.
 *
 * <p><b>Role.</b> The one query parser of the {@link dev.melody.stream.spi.StreamRequest} adapters: servlet
 * requests, WebSocket handshakes and JAX-RS requests all answer {@code queryParameter} from the raw query, so a
 * parameter means the same on every runtime, and a malformed escape never throws (runtimes differ there: one
 * answers 500, another leaves the connection hanging). {@link #problem(String)} tells the WebSocket filter which
 * request URIs to refuse before a runtime chokes on them.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static functions.
 */
public final class QueryString {

    private QueryString() {
    }

    /**
     * Returns the first value of a parameter, percent-decoded as UTF-8; a malformed escape is kept as sent.
     *
     * @param rawQuery the query without {@code ?}, or {@code null} when the request has none
     * @param name the parameter's name, compared with each decoded key
     * @return the value ({@code ""} for {@code ?name} or {@code ?name=}), or {@code null} when absent
     */
    public static String parameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            String pair = rawQuery.substring(start, end);
            int eq = pair.indexOf('=');
            if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
            start = end + 1;
        }
        return null;
    }

    /**
     * Decodes one form-encoded component ({@code +} is a space); a malformed escape leaves the text as sent.
     *
     * @param text the raw component
     * @return the decoded text, or {@code text} itself when it holds a malformed escape
     */
    public static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /**
     * Tells what is wrong with a raw request path or query by the URI syntax (RFC 2396 as {@link URI} reads it):
     * a malformed {@code %} escape, or a character that must be escaped.
     *
     * @param rawPath the path, such as {@code /app/ws/device-42}
     * @param rawQuery the query without {@code ?}, or {@code null}
     * @return {@code null} when both parse, else a short description naming the part, such as
     *         {@code "query: Malformed escape pair at index 13"}
     */
    public static String problem(String rawPath, String rawQuery) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String pathProblem = syntaxProblem(path);
        if (pathProblem != null) {
            return "path: " + pathProblem;
        }
        String queryProblem = rawQuery == null ? null : syntaxProblem("/?" + rawQuery);
        return queryProblem == null ? null : "query: " + queryProblem;
    }

    private static String syntaxProblem(String relative) {
        try {
            new URI("x:" + relative);
            return null;
        } catch (URISyntaxException e) {
            int index = e.getIndex() < 0 ? -1 : Math.max(0, e.getIndex() - (relative.startsWith("/?") ? 4 : 2));
            return e.getReason() + (index < 0 ? "" : " at index " + index);
        }
    }
}
