package dev.melody.stream.impl.access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides whether a browser origin may open a stream: same-origin only, or the configured host globs.
 *
 * <p><b>Role.</b> The origin rule of both transports (WebSocket handshakes and SSE CORS). With no patterns, an
 * {@code Origin} passes only when its {@code host[:port]} equals the request's {@code Host} header (case-insensitive)
 * and, where the runtime tells the request's scheme ({@link dev.melody.stream.spi.StreamRequest#scheme()}), its
 * scheme is the request's: {@code http://host:8443} is not the origin of a page served from {@code https://host:8443}.
 * With patterns, the origin's host must match one of them, case-insensitively; {@code *} matches any run of
 * characters, so {@code *.example.com} matches {@code a.example.com} and {@code *} matches every host. A request
 * without an {@code Origin} header (a non-browser client) always passes: the rule exists to stop cross-site
 * browser pages, which always send it.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; built once from the options per application and shared.
 */
public final class OriginPolicy {

    private final List<Pattern> patterns;

    /**
     * Creates the policy.
     *
     * @param hostGlobs the allowed origin hosts as globs; empty means same-origin only
     */
    public OriginPolicy(List<String> hostGlobs) {
        this.patterns = hostGlobs.stream().map(OriginPolicy::compile).toList();
    }

    /**
     * Tells whether the policy needs the request's {@code Host} to decide (same-origin mode).
     *
     * @return {@code true} when no patterns are configured
     */
    public boolean isSameOriginOnly() {
        return patterns.isEmpty();
    }

    /**
     * Decides whether an origin may connect.
     *
     * @param origin the {@code Origin} header value, or {@code null} when absent
     * @param host the {@code Host} header value, or {@code null} when absent; used only in same-origin mode
     * @return {@code true} to allow
     */
    public boolean allows(String origin, String host) {
        return allows(origin, host, null);
    }

    /**
     * Decides whether an origin may connect, comparing schemes too in same-origin mode.
     *
     * @param origin the {@code Origin} header value, or {@code null} when absent
     * @param host the {@code Host} header value, or {@code null} when absent; used only in same-origin mode
     * @param scheme the request's scheme ({@code http} or {@code https}), or {@code null} when unknown; used only in
     *        same-origin mode
     * @return {@code true} to allow
     */
    public boolean allows(String origin, String host, String scheme) {
        if (origin == null) {
            return true;
        }
        URI parsed = parse(origin);
        if (parsed == null) {
            return false;
        }
        String authority = parsed.getRawAuthority();
        if (patterns.isEmpty()) {
            return host != null && authority.equalsIgnoreCase(host.trim())
                    && (scheme == null || scheme.equalsIgnoreCase(parsed.getScheme()));
        }
        String originHost = stripPort(authority).toLowerCase(Locale.ROOT);
        return patterns.stream().anyMatch(p -> p.matcher(originHost).matches());
    }

    /**
     * Returns the scheme a request arrived with, as an origin would name it.
     *
     * @param forwardedProto the {@code X-Forwarded-Proto} header, or {@code null}
     * @param connectionScheme the runtime's scheme of the connection ({@code http}, {@code https}, {@code ws},
     *        {@code wss}), or {@code null}
     * @return {@code http} or {@code https} (another value in lower case as given), or {@code null} when neither
     *         says
     */
    public static String requestScheme(String forwardedProto, String connectionScheme) {
        String scheme = forwardedProto;
        if (scheme != null) {
            int comma = scheme.indexOf(',');
            scheme = (comma < 0 ? scheme : scheme.substring(0, comma)).trim();
        }
        if (scheme == null || scheme.isEmpty()) {
            scheme = connectionScheme;
        }
        if (scheme == null || scheme.isEmpty()) {
            return null;
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> lower;
        };
    }

    /** Parses an origin such as {@code https://a.example.com:8443}; {@code null} without scheme and authority. */
    private static URI parse(String origin) {
        try {
            URI uri = new URI(origin.trim());
            return uri.getScheme() == null || uri.getRawAuthority() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String stripPort(String authority) {
        if (authority.startsWith("[")) {                       // IPv6 literal: [::1]:8080
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    private static Pattern compile(String glob) {
        String[] literals = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
        return Pattern.compile(Arrays.stream(literals).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    @Override
    public String toString() {
        return patterns.isEmpty() ? "OriginPolicy[same-origin]" : "OriginPolicy" + patterns;
    }
}
