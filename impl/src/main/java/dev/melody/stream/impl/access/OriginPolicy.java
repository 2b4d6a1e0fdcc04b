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
 * {@code Origin} passes only when its {@code host[:port]} equals the request's {@code Host} header (case-insensitive).
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
        if (origin == null) {
            return true;
        }
        String authority = authorityOf(origin);
        if (authority == null) {
            return false;
        }
        if (patterns.isEmpty()) {
            return host != null && authority.equalsIgnoreCase(host.trim());
        }
        String originHost = stripPort(authority).toLowerCase(Locale.ROOT);
        return patterns.stream().anyMatch(p -> p.matcher(originHost).matches());
    }

    /** Returns {@code host[:port]} of an origin such as {@code https://a.example.com:8443}, or {@code null}. */
    private static String authorityOf(String origin) {
        try {
            URI uri = new URI(origin.trim());
            return uri.getScheme() == null ? null : uri.getRawAuthority();
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
