package dev.melody.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void validTopicsPassUnchanged() {
        assertEquals("device-42", Topics.requireValid("device-42"));
        assertEquals(" spaced ", Topics.requireValid(" spaced "), "nothing is trimmed");
        assertEquals("ü/ö", Topics.requireValid("ü/ö"));
        assertNull(Topics.problem("x".repeat(Topics.MAX_LENGTH)));
    }

    @Test
    void eachRuleIsNamed() {
        assertTrue(Topics.problem(null).contains("missing"));
        assertTrue(Topics.problem("").contains("empty"));
        assertTrue(Topics.problem("x".repeat(257)).contains("longer than 256"));
        assertTrue(Topics.problem("a\u007fb").contains("U+007F"));
        assertTrue(Topics.problem("a\u0085b").contains("control character"));
        assertThrows(IllegalArgumentException.class, () -> Topics.requireValid("a\nb"));
    }
}
