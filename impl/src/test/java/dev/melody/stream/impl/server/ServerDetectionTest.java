package dev.melody.stream.impl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.ws.wsoc.fixture.LibertyObject;
import io.undertow.fixture.UndertowObject;
import java.util.List;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.jboss.resteasy.fixture.ResteasyObject;
import org.junit.jupiter.api.Test;

/** Each server is told by the package of an object's class, and only that server. */
class ServerDetectionTest {

    @Test
    void anUndertowObjectIsUndertowOnly() {
        Object undertow = new UndertowObject();
        assertTrue(ServerDetection.isUndertow(undertow));
        assertFalse(ServerDetection.isLiberty(undertow));
        assertFalse(ServerDetection.isResteasy(undertow));
    }

    @Test
    void aLibertyWebSocketObjectIsLibertyOnly() {
        Object liberty = new LibertyObject();
        assertTrue(ServerDetection.isLiberty(liberty));
        assertFalse(ServerDetection.isUndertow(liberty));
        assertFalse(ServerDetection.isResteasy(liberty));
    }

    @Test
    void aResteasyObjectIsResteasyOnly() {
        Object resteasy = new ResteasyObject();
        assertTrue(ServerDetection.isResteasy(resteasy));
        assertFalse(ServerDetection.isUndertow(resteasy));
        assertFalse(ServerDetection.isLiberty(resteasy));
    }

    @Test
    void jerseyTheJdkAndNullAreNoneOfThem() {
        for (Object other : List.of(new OutboundEvent.Builder(), "text", new Object())) {
            assertFalse(ServerDetection.isUndertow(other), other.getClass().getName());
            assertFalse(ServerDetection.isLiberty(other), other.getClass().getName());
            assertFalse(ServerDetection.isResteasy(other), other.getClass().getName());
        }
        assertFalse(ServerDetection.isUndertow(null));
        assertFalse(ServerDetection.isLiberty(null));
        assertFalse(ServerDetection.isResteasy(null));
    }

    @Test
    void theUndertowRequestContextIsInUndertowsPackage() {
        assertEquals("io.undertow.servlet.handlers.ServletRequestContext", ServerDetection.UNDERTOW_REQUEST_CONTEXT);
    }
}
