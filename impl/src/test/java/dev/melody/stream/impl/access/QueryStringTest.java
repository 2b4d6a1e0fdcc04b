package dev.melody.stream.impl.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void parametersAreDecodedAsUtf8WithPlusAsSpace() {
        String query = "topic=device%2042&lastEventId=ab-7&name=a+b%C3%A9";
        assertEquals("device 42", QueryString.parameter(query, "topic"));
        assertEquals("ab-7", QueryString.parameter(query, "lastEventId"));
        assertEquals("a bé", QueryString.parameter(query, "name"));
    }

    @Test
    void theFirstValueWinsAndEmptyValuesAreEmpty() {
        assertEquals("1", QueryString.parameter("a=1&a=2", "a"));
        assertEquals("", QueryString.parameter("a&b=2", "a"));
        assertEquals("", QueryString.parameter("a=&b=2", "a"));
        assertEquals("2", QueryString.parameter("&&b=2&", "b"));
    }

    @Test
    void absentParametersAndQueriesAreNull() {
        assertNull(QueryString.parameter(null, "a"));
        assertNull(QueryString.parameter("", "a"));
        assertNull(QueryString.parameter("ab=1", "a"));
    }

    @Test
    void aMalformedEscapeIsKeptAsSentInsteadOfFailing() {
        assertEquals("%zz", QueryString.parameter("lastEventId=%zz", "lastEventId"));
        assertEquals("1", QueryString.parameter("foo=%zz&a=1", "a"));
        assertEquals("50%", QueryString.parameter("p=50%", "p"));
    }

    @Test
    void wellFormedPathsAndQueriesHaveNoProblem() {
        assertNull(QueryString.problem("/app/ws/device-42", null));
        assertNull(QueryString.problem("/app/ws/device%2042", "lastEventId=3f9a1c07b2e4-17&x=%C3%A9"));
        assertNull(QueryString.problem("", ""));
    }

    @Test
    void malformedEscapesAndIllegalCharactersAreNamedWithTheirPart() {
        String query = QueryString.problem("/app/ws/t", "lastEventId=%zz");
        assertTrue(query.startsWith("query: Malformed escape pair at index 12"), query);
        assertTrue(QueryString.problem("/app/ws/t", "a=%4").startsWith("query: "));
        assertTrue(QueryString.problem("/app/ws/t", "a=b c").startsWith("query: Illegal character"));
        assertTrue(QueryString.problem("/app/ws/%zz", null).startsWith("path: Malformed escape pair at index 8"));
    }
}
