package dev.melody.stream.impl.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.melody.stream.spi.StreamRequest;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One raw query and what every {@link StreamRequest} adapter must answer for it, so the servlet, WebSocket and SSE
 * adapters are held to the same parser ({@link QueryString}). Stateless.
 */
public final class QueryCases {

    /** A raw query with encoded names and values, {@code +}, repeated, bare and empty parameters. */
    public static final String RAW = "topic=device%2042+x&id=3f9a1c07b2e4-17&id=second&flag&empty="
            + "&a%20b=spaced&plus+key=p&snow=%E2%9D%84";

    /** Each parameter name and its expected value; {@code null} for absent. */
    private static final String[][] EXPECTED = {
        {"topic", "device 42 x"}, {"id", "3f9a1c07b2e4-17"}, {"flag", ""}, {"empty", ""}, {"a b", "spaced"},
        {"plus key", "p"}, {"snow", "\u2744"}, {"absent", null}, {"Topic", null},
    };

    private QueryCases() {
    }

    /**
     * Checks an adapter built over {@link #RAW}.
     *
     * @param adapter the adapter's name, for the failure message
     * @param request the adapter's request over {@link #RAW}
     */
    public static void assertReadAsEveryAdapterReadsThem(String adapter, StreamRequest request) {
        Function<String, String> read = request::queryParameter;
        String expected = Arrays.stream(EXPECTED).map(e -> e[0] + "=" + e[1]).reduce("", String::concat);
        String actual = Arrays.stream(EXPECTED).map(e -> e[0] + "=" + read.apply(e[0])).reduce("", String::concat);
        assertEquals(expected, actual, adapter + " reads the query as the other adapters do");
        assertEquals(QueryString.parameter(RAW, "topic"), request.queryParameter("topic"));
    }
}
