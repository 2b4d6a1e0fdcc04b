package dev.melody.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The markers are the README's: names, data and ids. */
class StreamMarkersTest {

    @Test
    void resyncMarkerHasItsTypeAndDataAndNoId() {
        ServerSentEvent resync = StreamMarkers.resync();
        assertEquals("melody.resync", resync.event());
        assertEquals("history lost: reload the current state", resync.data());
        assertNull(resync.id());
        assertNull(resync.retry());
    }

    @Test
    void gapMarkerCarriesTheLastMissedIdAndTheCount() {
        ServerSentEvent gap = StreamMarkers.gap("3f9a1c07b2e4-40", 12);
        assertEquals(new ServerSentEvent("3f9a1c07b2e4-40", "melody.gap", "{\"missed\":12}", null), gap);
        assertEquals(gap.data(), StreamMarkers.gapData(12));
    }

    @Test
    void markersAreToldByTheirType() {
        assertTrue(StreamMarkers.isMarker(StreamMarkers.resync()));
        assertTrue(StreamMarkers.isMarker(StreamMarkers.gap("e-1", 1)));
        assertTrue(StreamMarkers.isMarker(ServerSentEvent.of(StreamMarkers.GAP, StreamMarkers.gapData(3))));
        assertFalse(StreamMarkers.isMarker(ServerSentEvent.of("melody.other", "x")));
        assertFalse(StreamMarkers.isMarker(ServerSentEvent.of("history lost: reload the current state")));
    }
}
