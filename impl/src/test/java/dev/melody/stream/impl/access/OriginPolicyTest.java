package dev.melody.stream.impl.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy sameOrigin = new OriginPolicy(List.of());
    private final OriginPolicy globs = new OriginPolicy(List.of("*.example.com", "partner.test"));

    @Test
    void requestWithoutOriginAlwaysPasses() {
        assertTrue(sameOrigin.allows(null, "app.test"));
        assertTrue(globs.allows(null, null));
    }

    @Test
    void sameOriginModeComparesHostAndPortWithTheHostHeader() {
        assertTrue(sameOrigin.allows("https://app.test:8443", "app.test:8443"));
        assertTrue(sameOrigin.allows("http://APP.test", "app.TEST"));
        assertFalse(sameOrigin.allows("https://app.test:8443", "app.test"));
        assertFalse(sameOrigin.allows("https://evil.test", "app.test"));
        assertFalse(sameOrigin.allows("https://app.test", null));
        assertFalse(sameOrigin.allows("null", "app.test"));
    }

    @Test
    void sameOriginModeComparesTheSchemeWhenTheRequestTellsIt() {
        assertTrue(sameOrigin.allows("https://app.test:8443", "app.test:8443", "https"));
        assertTrue(sameOrigin.allows("HTTPS://app.test:8443", "app.test:8443", "https"));
        assertFalse(sameOrigin.allows("http://app.test:8443", "app.test:8443", "https"));
        assertFalse(sameOrigin.allows("https://app.test:8080", "app.test:8080", "http"));
        assertTrue(sameOrigin.allows("http://app.test:8443", "app.test:8443", null));
    }

    @Test
    void originsWithoutSchemeOrAuthorityAreRefused() {
        assertFalse(sameOrigin.allows("app.test", "app.test"));
        assertFalse(sameOrigin.allows("http:app.test", "app.test"));
        assertFalse(sameOrigin.allows("http://app.test/%zz", "app.test"));
        assertFalse(globs.allows("null", null));
    }

    @Test
    void theRequestSchemeIsTheForwardedOneElseTheConnectionsAsAnOriginNamesIt() {
        assertEquals("https", OriginPolicy.requestScheme("HTTPS", "http"));
        assertEquals("https", OriginPolicy.requestScheme(" https , http", "http"));
        assertEquals("http", OriginPolicy.requestScheme(null, "ws"));
        assertEquals("https", OriginPolicy.requestScheme("", "wss"));
        assertEquals("https", OriginPolicy.requestScheme(null, "HTTPS"));
        assertNull(OriginPolicy.requestScheme(null, null));
    }

    @Test
    void patternsAreCaseInsensitiveHostGlobsIgnoringThePort() {
        assertTrue(globs.allows("https://a.Example.COM:9000", "other"));
        assertTrue(globs.allows("https://x.y.example.com", null));
        assertTrue(globs.allows("http://partner.test", null));
        assertFalse(globs.allows("https://example.com", null));
        assertFalse(globs.allows("https://example.com.evil.test", null));
        assertFalse(globs.allows("https://partner.test.evil", null));
    }

    @Test
    void starAllowsEveryOrigin() {
        OriginPolicy all = new OriginPolicy(List.of("*"));
        assertTrue(all.allows("https://anything.test:1", "app.test"));
        assertFalse(all.isSameOriginOnly());
        assertTrue(sameOrigin.isSameOriginOnly());
    }
}
