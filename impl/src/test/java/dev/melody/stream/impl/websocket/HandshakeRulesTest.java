package dev.melody.stream.impl.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.melody.stream.impl.access.AccessDecision;
import dev.melody.stream.impl.access.AccessDecision.Refused;
import org.junit.jupiter.api.Test;

class HandshakeRulesTest {

    @Test
    void version13WithAWellFormedUriGoesOnToTheAccessCheck() {
        assertNull(HandshakeRules.check("13", "/app/ws/device-42", "lastEventId=3f9a1c07b2e4-17"));
        assertNull(HandshakeRules.check(" 13 ", "/app/ws/device-42", null));
    }

    @Test
    void otherVersionsGet426NamingTheVersion() {
        for (String version : new String[] {"8", "7", "0", "14", "13, 8", "abc"}) {
            Refused refused = HandshakeRules.check(version, "/app/ws/t", null);
            assertEquals(AccessDecision.STATUS_UPGRADE_REQUIRED, refused.status(), version);
            assertEquals(AccessDecision.REASON_VERSION, refused.reason());
            assertTrue(refused.logLine().contains("Sec-WebSocket-Version '" + version + "' is not 13"),
                    refused.logLine());
        }
        Refused none = HandshakeRules.check(null, "/app/ws/t", null);
        assertEquals(426, none.status());
        assertTrue(none.logLine().contains("(none)"), none.logLine());
    }

    @Test
    void aMalformedQueryOrPathGets400BeforeTheUpgrade() {
        Refused query = HandshakeRules.check("13", "/app/ws/t", "lastEventId=%zz");
        assertEquals(400, query.status());
        assertEquals(AccessDecision.REASON_MALFORMED_QUERY, query.reason());
        assertTrue(query.logLine().contains("Malformed escape pair"), query.logLine());
        Refused path = HandshakeRules.check("13", "/app/ws/%zz", null);
        assertEquals(AccessDecision.REASON_MALFORMED_PATH, path.reason());
    }

    @Test
    void theVersionIsCheckedFirstAndItsValueIsMadePrintable() {
        Refused refused = HandshakeRules.check("8\r\nX: y", "/app/ws/t", "%zz");
        assertEquals(426, refused.status());
        assertTrue(refused.logLine().contains("8\\u000d\\u000aX: y"), refused.logLine());
    }
}
