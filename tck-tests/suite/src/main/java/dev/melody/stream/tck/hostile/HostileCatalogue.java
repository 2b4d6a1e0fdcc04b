package dev.melody.stream.tck.hostile;

import static dev.melody.stream.tck.hostile.HostileActions.connect;
import static dev.melody.stream.tck.hostile.HostileActions.frame;
import static dev.melody.stream.tck.hostile.HostileActions.frames;
import static dev.melody.stream.tck.hostile.HostileActions.http;
import static dev.melody.stream.tck.hostile.HostileActions.sseOpens;
import static dev.melody.stream.tck.hostile.HostileActions.sseStream;
import static dev.melody.stream.tck.hostile.HostileActions.text;
import static dev.melody.stream.tck.hostile.HostileActions.upgrade;
import static dev.melody.stream.tck.hostile.RawWebSocket.BINARY;
import static dev.melody.stream.tck.hostile.RawWebSocket.CLOSE;
import static dev.melody.stream.tck.hostile.RawWebSocket.CONTINUATION;
import static dev.melody.stream.tck.hostile.RawWebSocket.PING;
import static dev.melody.stream.tck.hostile.RawWebSocket.PONG;
import static dev.melody.stream.tck.hostile.RawWebSocket.TEXT;
import static dev.melody.stream.tck.hostile.TargetServer.OPEN_LIBERTY;
import static dev.melody.stream.tck.hostile.TargetServer.PAYARA_MICRO;
import static dev.melody.stream.tck.hostile.TargetServer.WILDFLY;

import dev.melody.stream.tck.app.HostileInboundObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of hostile inputs, each with the answer every server must give (or, where the server's own runtime
 * decides before the library sees the request, that server's answer and why). The deployment runs with the default
 * options but a 1-second SSE heartbeat, so dead SSE streams are noticed within a case.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless; {@link #cases()} builds a new list on each call.
 */
public final class HostileCatalogue {

    /** The default {@code readLimit} in bytes, which the deployment keeps. */
    static final int READ_LIMIT = 32 * 1024;

    /** The SSE request's usual headers: asks for an event stream, closes the connection after the answer. */
    private static final String ACCEPT_SSE = "Accept: text/event-stream";
    private static final String CLOSE_AFTER = "Connection: close";
    private static final String EVIL = "http://evil.example";

    private static final String HTTP_101 = "HTTP 101";
    private static final String ORIGIN_REFUSED = "HTTP 403 \\| origin not allowed";
    private static final String TOPIC_MISSING = "HTTP 400 \\| topic (missing|invalid)";
    private static final String TOPIC_INVALID = "HTTP 400 \\| topic invalid";
    private static final String RESYNC = "HTTP 200 resync";
    private static final String OPENED = "HTTP 200 open";
    private static final String PROTOCOL_ERROR = "close 1002 .*";
    private static final String SERVER_LIMIT = "HTTP (400|413|414|431)( \\|.*)?|closed|reset";

    private static final String UNDERTOW_HEADERS = "Undertow's request-header limit (max-header-size) is 1 MiB: a"
            + " 100 KB header is within it, and the request is served";

    private static final String LIBERTY_URI = "HTTP 400 \\| <H1>CWWWC0005I: The request URI has invalid or improperly"
            + " encoded characters: .*";
    private static final String LIBERTY_URI_REASON = "Open Liberty's web container refuses encoded control characters"
            + " in the path itself (400, CWWWC0005I) before the application sees the request";
    private static final String LIBERTY_SLASH = "SRVE0315E: .*CWWWC0005I: .*encoded forward slash";
    private static final String LIBERTY_TOO_BIG = "close 1009 Invalid incoming WebSocket message\\. Message is too"
            + " big\\..*";
    private static final String LIBERTY_TOO_BIG_REASON = "Open Liberty enforces the maximum message size the library"
            + " sets from readLimit itself, with its own reason; the library sees no message and logs nothing";
    private static final String GRIZZLY_NUL = "Grizzly refuses an encoded NUL in the path itself (400, \"Invalid URI"
            + " character encoding\") before the application sees the request";
    private static final String UNDERTOW_QUERY = "Undertow answers a malformed percent-escape in the query string"
            + " with its own 400 (no body) before any servlet, filter or JAX-RS resource runs";

    private final List<HostileCase> cases = new ArrayList<>();

    private HostileCatalogue() {
    }

    /**
     * Returns every case, in the order they run.
     *
     * @return the catalogue
     */
    public static List<HostileCase> cases() {
        HostileCatalogue catalogue = new HostileCatalogue();
        catalogue.origins();
        catalogue.webSocketTopics();
        catalogue.sseTopics();
        catalogue.oversize();
        catalogue.lastEventIds();
        catalogue.messages();
        catalogue.protocolViolations();
        catalogue.handshakes();
        catalogue.sseRequests();
        catalogue.vanishingClients();
        return List.copyOf(catalogue.cases);
    }

    private void add(String id, String transport, String topic, String description, HostileCase.Action action,
                     Expected expected, String log) {
        cases.add(new HostileCase(id, transport, topic, description, action, expected, log));
    }

    private void origins() {
        String topic = "hostile-origin";
        Map<String, String> origins = Map.of(
                "foreign", EVIL,
                "null", "null",
                "other-port", "http://127.0.0.1:1",
                "other-scheme", "ftp://{authority}");
        for (String kind : List.of("foreign", "null", "other-port", "other-scheme")) {
            String template = origins.get(kind);
            add("ws-origin-" + kind, "WS", topic, "a handshake with a " + kind + " Origin (" + template
                            + ") is refused with 403 before the upgrade",
                    t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + topic), "13",
                            "Origin: " + template.replace("{authority}", t.http().authority()))),
                    Expected.outcome(ORIGIN_REFUSED), "Refused .*origin '" + quote(template.replace("{authority}", ""))
                            + ".*");
            add("sse-origin-" + kind, "SSE", topic, "an SSE request with a " + kind + " Origin (" + template
                            + ") is refused with 403",
                    t -> sseStream(t, t.http().get(t.path("/melody/events/" + topic), ACCEPT_SSE, CLOSE_AFTER,
                            "Origin: " + template.replace("{authority}", t.http().authority()))),
                    Expected.outcome(ORIGIN_REFUSED), "Refused .*origin '" + quote(template.replace("{authority}", ""))
                            + ".*");
        }
        add("sse-preflight-foreign", "SSE", topic, "a CORS preflight from a foreign origin is refused with 403",
                t -> http(t, t.http().request("OPTIONS", t.path("/melody/events/" + topic), "Origin: " + EVIL,
                        "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: Last-Event-ID",
                        CLOSE_AFTER)),
                Expected.outcome(ORIGIN_REFUSED), "Refused .*origin '" + quote(EVIL) + "'");
        add("sse-preflight-allowed", "SSE", topic, "a CORS preflight from the page's own origin gets 204 and the"
                        + " allowed method",
                t -> {
                    try (RawResponse response = t.http().send(t.http().request("OPTIONS",
                            t.path("/melody/events/" + topic), "Origin: " + t.origin(),
                            "Access-Control-Request-Method: GET", CLOSE_AFTER))) {
                        return "HTTP " + response.status() + " allow-origin=" + response.header(
                                "Access-Control-Allow-Origin") + " allow-methods=" + response.header(
                                "Access-Control-Allow-Methods");
                    }
                },
                Expected.outcome("HTTP 204 allow-origin=http://127\\.0\\.0\\.1:\\d+ allow-methods=GET"), null);
    }

    private void webSocketTopics() {
        for (String target : List.of("/ws/", "/ws", "/ws?topic=", "/ws/?topic=")) {
            add("ws-topic-missing " + target, "WS", null, "an upgrade to " + target + " names no topic: 400 before"
                            + " the upgrade",
                    t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path(target), "13")),
                    Expected.outcome(TOPIC_MISSING), "Refused .*topic");
        }
        String longest = "t".repeat(256);
        add("ws-topic-256", "WS", longest, "a topic of 256 characters, the longest allowed, is upgraded",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + longest), "13")),
                Expected.outcome(HTTP_101), null);
        add("ws-topic-257", "WS", null, "a topic of 257 characters is refused with 400 before the upgrade",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + "t".repeat(257)), "13")),
                Expected.outcome(TOPIC_INVALID), "longer than 256 characters \\(257\\)");
        add("ws-topic-control", "WS", null, "a topic with an encoded control character (%01) is refused with 400",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/a%01b"), "13")),
                controlCharacterRefused(),
                "control character \\(U\\+0001");
        add("ws-topic-nul", "WS", null, "a topic with an encoded NUL (%00) is refused with 400",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/a%00b"), "13")),
                nulRefused(),
                "control character \\(U\\+0000");
        add("ws-topic-crlf", "WS", null, "a topic with an encoded CR LF (%0D%0A) is refused with 400",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/a%0D%0Ab"), "13")),
                controlCharacterRefused(),
                "control character \\(U\\+000D");
        add("ws-topic-unicode", "WS", "café-✓", "a topic of non-ASCII characters (UTF-8, percent-encoded) is"
                        + " upgraded",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/caf%C3%A9-%E2%9C%93"), "13")),
                Expected.outcome(HTTP_101), null);
        add("ws-topic-traversal", "WS", null, "a traversal topic (..%2F..%2Fhostile) never reaches another path:"
                        + " refused (the server's own 400 or 404) or upgraded on that literal topic",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/..%2F..%2Fhostile"), "13")),
                Expected.outcome("HTTP (400|404)( \\|.*)?|HTTP 101")
                        .serverLogs(OPEN_LIBERTY, LIBERTY_SLASH).on(PAYARA_MICRO, "HTTP 301( \\|.*)?",
                        "Grizzly decodes %2F, normalises the path and redirects (301) to it; the upgrade never"
                                + " reaches the WebSocket container"), null);
    }

    private void sseTopics() {
        add("sse-topic-missing", "SSE", null, "an SSE request to the stream path without a topic matches no"
                        + " resource: 404",
                t -> sseStream(t, t.http().get(t.path("/melody/events/"), ACCEPT_SSE, CLOSE_AFTER)),
                Expected.outcome("HTTP 404( \\|.*)?"), null);
        String longest = "s".repeat(256);
        add("sse-topic-256", "SSE", longest, "a topic of 256 characters, the longest allowed, opens a stream",
                t -> sseOpens(t, t.http().get(t.path("/melody/events/" + longest), ACCEPT_SSE, CLOSE_AFTER)),
                Expected.outcome(OPENED), null);
        add("sse-topic-257", "SSE", null, "a topic of 257 characters is refused with 400",
                t -> sseStream(t, t.http().get(t.path("/melody/events/" + "s".repeat(257)), ACCEPT_SSE,
                        CLOSE_AFTER)),
                Expected.outcome(TOPIC_INVALID), "longer than 256 characters \\(257\\)");
        add("sse-topic-control", "SSE", null, "a topic with an encoded control character (%01) is refused with 400",
                t -> sseStream(t, t.http().get(t.path("/melody/events/a%01b"), ACCEPT_SSE, CLOSE_AFTER)),
                controlCharacterRefused(),
                "control character \\(U\\+0001");
        add("sse-topic-nul", "SSE", null, "a topic with an encoded NUL (%00) is refused with 400",
                t -> sseStream(t, t.http().get(t.path("/melody/events/a%00b"), ACCEPT_SSE, CLOSE_AFTER)),
                nulRefused(),
                "control character \\(U\\+0000");
        add("sse-topic-crlf", "SSE", null, "a topic with an encoded CR LF (%0D%0A) is refused with 400",
                t -> sseStream(t, t.http().get(t.path("/melody/events/a%0D%0Ab"), ACCEPT_SSE, CLOSE_AFTER)),
                controlCharacterRefused(),
                "control character \\(U\\+000D");
        add("sse-topic-unicode", "SSE", "café-✓", "a topic of non-ASCII characters opens a stream",
                t -> sseOpens(t, t.http().get(t.path("/melody/events/caf%C3%A9-%E2%9C%93"), ACCEPT_SSE,
                        CLOSE_AFTER)),
                Expected.outcome(OPENED), null);
        add("sse-topic-traversal", "SSE", null, "a traversal topic (..%2F..%2Fhostile) never reaches another"
                        + " path: refused (the server's own 400 or 404) or opened on that literal topic",
                t -> sseStream(t, t.http().get(t.path("/melody/events/..%2F..%2Fhostile"), ACCEPT_SSE,
                        CLOSE_AFTER)),
                Expected.outcome("HTTP (400|404)( \\|.*)?|" + OPENED).serverLogs(OPEN_LIBERTY, LIBERTY_SLASH),
                null);
    }

    private void oversize() {
        add("url-100k", "HTTP", null, "a request target of 100 KB is refused by the server's own limit"
                        + " (400, 414 or 431) or the connection is closed",
                t -> http(t, t.http().get(t.path("/melody/events/" + "u".repeat(100_000)), ACCEPT_SSE, CLOSE_AFTER)),
                Expected.outcome(SERVER_LIMIT), null);
        add("header-100k", "HTTP", null, "a header of 100 KB is refused by the server's own limit",
                t -> http(t, t.http().get(t.path("/melody/events/hostile-oversize"), ACCEPT_SSE, CLOSE_AFTER,
                        "X-Big: " + "h".repeat(100_000))),
                Expected.outcome(SERVER_LIMIT).on(WILDFLY, "HTTP 200( \\|.*)?",
                        UNDERTOW_HEADERS), null);
        add("header-count-10000", "HTTP", null, "10,000 headers are refused by the server's own limit",
                t -> {
                    String[] headers = new String[10_002];
                    headers[0] = ACCEPT_SSE;
                    headers[1] = CLOSE_AFTER;
                    for (int i = 2; i < headers.length; i++) {
                        headers[i] = "X-H" + i + ": v";
                    }
                    return http(t, t.http().get(t.path("/melody/events/hostile-oversize"), headers));
                },
                Expected.outcome(SERVER_LIMIT), null);
        add("ws-header-100k", "WS", null, "a WebSocket handshake with a header of 100 KB is refused by the server's"
                        + " own limit",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/hostile-oversize"), "13",
                        "X-Big: " + "h".repeat(100_000))),
                Expected.outcome(SERVER_LIMIT).on(WILDFLY, HTTP_101, UNDERTOW_HEADERS), null);
    }

    private void lastEventIds() {
        String topic = "hostile-lei";
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("garbage", "garbage!!");
        headers.put("negative", "-42");
        headers.put("huge", "9".repeat(40));
        headers.put("huge-sequence", "ffffffffffff-" + "9".repeat(30));
        headers.put("percent", "%zz");
        headers.put("10kb", "x".repeat(10 * 1024));
        headers.forEach((kind, value) -> add("sse-last-event-id-" + kind, "SSE", topic, "a Last-Event-ID header ("
                        + kind + ") that no log holds: 200, and the first event is the resync marker",
                t -> sseStream(t, t.http().get(t.path("/melody/events/" + topic), ACCEPT_SSE, CLOSE_AFTER,
                        "Last-Event-ID: " + value)),
                kind.equals("10kb") ? Expected.outcome(RESYNC).on(PAYARA_MICRO, "HTTP 400( \\|.*)?",
                        "Grizzly's request-header limit (max-http-header-size) is 8 KiB: it answers 400 itself")
                        : Expected.outcome(RESYNC), null));
        add("sse-last-event-id-crlf", "SSE", topic, "a Last-Event-ID followed by an injected header line"
                        + " (1 CR LF X-Injected: yes): two headers to the server; 200 and resync",
                t -> sseStream(t, t.http().get(t.path("/melody/events/" + topic), ACCEPT_SSE, CLOSE_AFTER,
                        "Last-Event-ID: 1\r\nX-Injected: yes")),
                Expected.outcome(RESYNC), null);
        add("sse-last-event-id-bare-cr", "SSE", topic, "a Last-Event-ID with a bare CR inside: the server's own"
                        + " parser decides (400, or a header it accepts: then 200 and resync)",
                t -> sseStream(t, t.http().get(t.path("/melody/events/" + topic), ACCEPT_SSE, CLOSE_AFTER,
                        "Last-Event-ID: 1\rX-Injected: yes")),
                Expected.outcome("HTTP 400( \\|.*)?|closed|" + RESYNC), null);
        add("sse-query-last-event-id-malformed", "SSE", topic, "?lastEventId=%zz (malformed percent-encoding): 200,"
                        + " and the first event is the resync marker, never a 500",
                t -> sseStream(t, t.http().get(t.path("/melody/events/" + topic + "?lastEventId=%zz"), ACCEPT_SSE,
                        CLOSE_AFTER)),
                Expected.outcome(RESYNC).on(WILDFLY, "HTTP 400", UNDERTOW_QUERY), null);
        add("sse-query-last-event-id-garbage", "SSE", topic, "?lastEventId=garbage: 200 and resync",
                t -> sseStream(t, t.http().get(t.path("/melody/events/" + topic + "?lastEventId=garbage"),
                        ACCEPT_SSE, CLOSE_AFTER)),
                Expected.outcome(RESYNC), null);
        add("sse-query-other-malformed", "SSE", topic, "?foo=%zz (malformed percent-encoding in another parameter):"
                        + " the stream opens, never a 500",
                t -> sseStream(t, t.http().get(t.path("/melody/events/" + topic + "?foo=%zz"), ACCEPT_SSE,
                        CLOSE_AFTER)),
                Expected.outcome(OPENED).on(WILDFLY, "HTTP 400", UNDERTOW_QUERY), null);
        add("servlet-query-malformed", "HTTP", null, "?foo=%zz on a plain servlet of the application (the probe):"
                        + " shows what the server itself does with a malformed escape in the query",
                t -> http(t, t.http().get(t.path("/hostileprobe/mark?foo=%zz"), CLOSE_AFTER)),
                Expected.outcome("HTTP 200 \\| mark=-?\\d+").on(WILDFLY, "HTTP 400", UNDERTOW_QUERY)
                        .on(OPEN_LIBERTY, "HTTP 500( \\|.*)?", "Open Liberty's servlet container throws"
                                + " from getParameter on a malformed escape: a plain servlet that reads a parameter"
                                + " answers 500"),
                null);
        add("ws-query-last-event-id-malformed", "WS", topic, "an upgrade with ?lastEventId=%zz: 400 before the"
                        + " upgrade, never a 101 and a hanging socket",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + topic + "?lastEventId=%zz"),
                        "13")),
                Expected.outcome("HTTP 400( \\|.*)?"), null);
        add("ws-query-other-malformed", "WS", topic, "an upgrade with ?foo=%zz: 400 before the upgrade",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + topic + "?foo=%zz"), "13")),
                Expected.outcome("HTTP 400( \\|.*)?"), null);
        add("ws-query-last-event-id-garbage", "WS", topic, "an upgrade with ?lastEventId=garbage is upgraded; with"
                        + " frames of data only there is no resync marker, the first frame is the next event",
                t -> {
                    try (RawWebSocket socket = RawWebSocket.open(t.http(), RawWebSocket.handshakeRequest(t.http(),
                            t.path("/ws/" + topic + "?lastEventId=garbage"), "13"))) {
                        if (socket.status() != 101) {
                            return HostileActions.describe(socket.handshake());
                        }
                        t.awaitSubscribers(topic, 1);
                        t.broadcast(topic, "next");
                        RawWebSocket.Frame first = socket.read();
                        socket.close(1000, "");
                        return "HTTP 101 first=" + new String(first.payload(), StandardCharsets.UTF_8);
                    }
                },
                Expected.outcome("HTTP 101 first=next"), null);
    }

    private void messages() {
        add("ws-text-over-read-limit", "WS", "hostile-big-text", "a text message one byte over the readLimit:"
                        + " close 1009",
                t -> frames(t, "hostile-big-text", text("x".repeat(READ_LIMIT + 1))),
                Expected.outcome("close 1009 .*").on(OPEN_LIBERTY, LIBERTY_TOO_BIG, LIBERTY_TOO_BIG_REASON),
                "over the readLimit");
        add("ws-binary-over-read-limit", "WS", "hostile-big-binary", "a binary message one byte over the"
                        + " readLimit: close 1009",
                t -> frames(t, "hostile-big-binary", frame(true, 0, BINARY, new byte[READ_LIMIT + 1])),
                Expected.outcome("close 1009 .*").on(OPEN_LIBERTY, LIBERTY_TOO_BIG, LIBERTY_TOO_BIG_REASON)
                        .on(WILDFLY, "close 1009 UT002040: .*",
                        "Undertow enforces the binary buffer size the library sets from readLimit itself and closes"
                                + " with its own reason; the library sees no message and logs nothing"),
                "over the readLimit");
        add("ws-fragmented-over-read-limit", "WS", "hostile-big-fragments", "a text message in 40 fragments of"
                        + " 1 KB (over the 32 KB readLimit in total): close 1009",
                t -> {
                    byte[][] parts = new byte[40][];
                    byte[] kilobyte = "f".repeat(1024).getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < parts.length; i++) {
                        parts[i] = frame(i == parts.length - 1, 0, i == 0 ? TEXT : CONTINUATION, kilobyte);
                    }
                    return frames(t, "hostile-big-fragments", parts);
                },
                Expected.outcome("close 1009 .*").on(PAYARA_MICRO, "close 1009 Too big\\.",
                        "Tyrus assembles fragments into the buffer the library sizes from readLimit and closes with"
                                + " its own reason when it overflows; the library sees no message and logs nothing"),
                "over the readLimit");
        add("ws-invalid-utf8", "WS", "hostile-utf8", "a text frame that is not UTF-8 (C3 28): close 1007",
                t -> frames(t, "hostile-utf8", frame(true, 0, TEXT, new byte[] {(byte) 0xC3, 0x28})),
                Expected.outcome("close 1007 .*"), null);
        add("ws-invalid-utf8-surrogate", "WS", "hostile-utf8", "a text frame with an encoded surrogate (ED A0 80):"
                        + " close 1007",
                t -> frames(t, "hostile-utf8", frame(true, 0, TEXT, new byte[] {(byte) 0xED, (byte) 0xA0,
                        (byte) 0x80})),
                Expected.outcome("close 1007 .*"), null);
        add("ws-invalid-utf8-fragmented", "WS", "hostile-utf8", "invalid UTF-8 across two fragments (E2 82 | 28):"
                        + " close 1007",
                t -> frames(t, "hostile-utf8", frame(false, 0, TEXT, new byte[] {(byte) 0xE2, (byte) 0x82}),
                        frame(true, 0, CONTINUATION, new byte[] {0x28})),
                Expected.outcome("close 1007 .*"), null);
        add("ws-observer-throws", "WS", "hostile-boom", "a message that makes the application's observer throw:"
                        + " close 1011 with a reason that names no Java class, one short log line",
                t -> frames(t, "hostile-boom", text(HostileInboundObserver.BOOM)),
                Expected.outcome("close 1011 inbound observer failed"), "InboundMessage observer threw");
        add("ws-observer-throws-5-times", "WS", "hostile-boom", "five connections in a row make the observer throw:"
                        + " each is closed with 1011, and the log gets at most one line per 10 s window (at most two"
                        + " for a burst that straddles a window's end)",
                t -> {
                    long mark = t.logMark();
                    StringBuilder outcome = new StringBuilder();
                    for (int i = 0; i < 5; i++) {
                        String end = frames(t, "hostile-boom", text(HostileInboundObserver.BOOM));
                        outcome.append(end.startsWith("close 1011 ") ? "1011 " : end + " ");
                    }
                    long lines = t.logSince(mark).values().stream()
                            .filter(record -> record.contains("InboundMessage observer threw")).count();
                    return outcome + "logged " + lines;
                },
                Expected.outcome("1011 1011 1011 1011 1011 logged [012]"), null);
        add("ws-inbound-flood-10000", "WS", "hostile-flood", "10,000 text frames in one burst: the observer gets"
                        + " all of them, in order",
                t -> {
                    try (RawWebSocket socket = connect(t, "hostile-flood")) {
                        ByteArrayOutputStream burst = new ByteArrayOutputStream();
                        for (int i = 0; i < 10_000; i++) {
                            burst.writeBytes(text(HostileInboundObserver.NUMBERED + i));
                        }
                        socket.handshake().socket().getOutputStream().write(burst.toByteArray());
                        Map<String, String> tally = t.inbound("hostile-flood", 10_000);
                        socket.close(1000, "");
                        String end = socket.awaitClose();
                        return "observed " + tally.get("numbered") + ", out of order " + tally.get("outOfOrder")
                                + ", then " + end;
                    }
                },
                Expected.outcome("observed 10000, out of order 0, then (close 1000 .*|closed)"), null);
        add("ws-ping-flood-1000", "WS", "hostile-pings", "1,000 pings in a row: the server answers each with a"
                        + " pong (or closes the connection), then closes normally",
                t -> {
                    try (RawWebSocket socket = connect(t, "hostile-pings")) {
                        ByteArrayOutputStream burst = new ByteArrayOutputStream();
                        for (int i = 0; i < 1000; i++) {
                            burst.writeBytes(frame(true, 0, PING, ("p" + i).getBytes(StandardCharsets.US_ASCII)));
                        }
                        burst.writeBytes(frame(true, 0, CLOSE, RawWebSocket.closePayload(1000, "")));
                        socket.handshake().socket().getOutputStream().write(burst.toByteArray());
                        int pongs = 0;
                        try {
                            while (true) {
                                RawWebSocket.Frame frame = socket.read();
                                if (frame.opcode() == PONG) {
                                    pongs++;
                                } else if (frame.opcode() == CLOSE) {
                                    return "pongs " + pongs + ", close " + closeCode(frame.payload());
                                }
                            }
                        } catch (SocketTimeoutException e) {
                            return "pongs " + pongs + ", open";
                        } catch (IOException e) {
                            return "pongs " + pongs + ", closed";
                        }
                    }
                },
                Expected.outcome("pongs 1000, close 1000"), null);
    }

    private void protocolViolations() {
        String topic = "hostile-frames";
        add("ws-unmasked-frame", "WS", topic, "an unmasked client frame: close 1002 (RFC 6455 5.1)",
                t -> frames(t, topic, RawWebSocket.encode(true, 0, TEXT, "unmasked".getBytes(StandardCharsets.US_ASCII),
                        false)),
                Expected.outcome(PROTOCOL_ERROR).on(PAYARA_MICRO, "open", "Tyrus accepts unmasked client frames (it"
                        + " does not enforce RFC 6455 5.1 on the server side); the message is delivered"), null);
        int[][] reserved = {{0x3, 0}, {0x7, 0}, {0xB, 0}, {0xF, 0}};
        for (int[] opcode : reserved) {
            add("ws-reserved-opcode-" + Integer.toHexString(opcode[0]), "WS", topic, "a frame with the reserved opcode"
                            + " 0x" + Integer.toHexString(opcode[0]) + ": close 1002",
                    t -> frames(t, topic, frame(true, 0, opcode[0], "x".getBytes(StandardCharsets.US_ASCII))),
                    Expected.outcome(PROTOCOL_ERROR), null);
        }
        for (int rsv : new int[] {4, 2, 1}) {
            add("ws-rsv-" + rsv, "WS", topic, "a text frame with RSV bits " + Integer.toBinaryString(rsv | 8)
                            .substring(1) + " set and no extension negotiated: close 1002",
                    t -> frames(t, topic, frame(true, rsv, TEXT, "rsv".getBytes(StandardCharsets.US_ASCII))),
                    Expected.outcome(PROTOCOL_ERROR), null);
        }
        for (int code : new int[] {999, 1005, 1006, 1016, 2999, 5000}) {
            Expected expected = code != 5000 ? Expected.outcome(PROTOCOL_ERROR) : Expected.outcome(PROTOCOL_ERROR)
                    .on(OPEN_LIBERTY, "open", "Open Liberty neither answers nor closes on a close frame with code"
                            + " 5000: the connection stays open until the client drops it");
            add("ws-close-code-" + code, "WS", topic, "a close frame with the invalid code " + code + ": close 1002",
                    t -> frames(t, topic, frame(true, 0, CLOSE, RawWebSocket.closePayload(code, ""))),
                    expected, null);
        }
        add("ws-close-one-byte", "WS", topic, "a close frame with a 1-byte payload: close 1002",
                t -> frames(t, topic, frame(true, 0, CLOSE, new byte[] {3})),
                Expected.outcome(PROTOCOL_ERROR), null);
        add("ws-close-reason-invalid-utf8", "WS", topic, "a close frame whose reason is not UTF-8: close 1007 (or"
                        + " 1002)",
                t -> frames(t, topic, frame(true, 0, CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28})),
                Expected.outcome("close 100[27] .*"), null);
        add("ws-ping-126-bytes", "WS", topic, "a ping with a 126-byte payload (control frames carry at most 125):"
                        + " close 1002",
                t -> frames(t, topic, frame(true, 0, PING, new byte[126])),
                Expected.outcome(PROTOCOL_ERROR), null);
        add("ws-fragmented-ping", "WS", topic, "a ping without FIN (control frames cannot be fragmented):"
                        + " close 1002",
                t -> frames(t, topic, frame(false, 0, PING, "p".getBytes(StandardCharsets.US_ASCII))),
                Expected.outcome(PROTOCOL_ERROR), null);
        add("ws-continuation-first", "WS", topic, "a continuation frame with no message started: close 1002",
                t -> frames(t, topic, frame(true, 0, CONTINUATION, "c".getBytes(StandardCharsets.US_ASCII))),
                Expected.outcome(PROTOCOL_ERROR), null);
        add("ws-text-inside-fragments", "WS", topic, "a new text frame while a fragmented message is open:"
                        + " close 1002",
                t -> frames(t, topic, frame(false, 0, TEXT, "a".getBytes(StandardCharsets.US_ASCII)),
                        frame(true, 0, TEXT, "b".getBytes(StandardCharsets.US_ASCII))),
                Expected.outcome(PROTOCOL_ERROR), null);
    }

    private void handshakes() {
        String topic = "hostile-handshake";
        for (String version : List.of("7", "8", "14")) {
            add("ws-version-" + version, "WS", topic, "Sec-WebSocket-Version: " + version + ": 426 with"
                            + " Sec-WebSocket-Version: 13, before the upgrade",
                    t -> versionRefusal(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + topic), version)),
                    Expected.outcome("HTTP 426 version=13"), null);
        }
        add("ws-version-8-foreign-origin", "WS", topic, "Sec-WebSocket-Version: 8 with the old"
                        + " Sec-WebSocket-Origin: http://evil.example: 426, the origin check is not skipped",
                t -> versionRefusal(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + topic), "8",
                        "Sec-WebSocket-Origin: " + EVIL)),
                Expected.outcome("HTTP 426 version=13"), null);
        add("ws-version-missing", "WS", topic, "an upgrade without Sec-WebSocket-Version: 400 or 426, never 101",
                t -> upgrade(t, RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + topic), null)),
                Expected.outcome("HTTP (400|426)( \\|.*)?"), null);
        add("ws-half-open-handshake", "WS", topic, "an upgrade request whose headers never end: no upgrade within"
                        + " the bound (the server waits, times out or closes)",
                t -> {
                    String request = RawWebSocket.handshakeRequest(t.http(), t.path("/ws/" + topic), "13");
                    return http(t, request.substring(0, request.length() - 2));
                },
                Expected.outcome("no answer|closed|reset|HTTP (400|408)( \\|.*)?"), null);
        add("ws-upgraded-then-half-closed", "WS", topic, "an upgraded client that shuts down its sending side"
                        + " without a close frame: the server ends the connection",
                t -> {
                    try (RawWebSocket socket = connect(t, topic)) {
                        socket.handshake().socket().shutdownOutput();
                        String end = socket.awaitClose();
                        return end + ", then " + t.awaitSubscribers(topic, 0) + " subscribers";
                    }
                },
                Expected.outcome("(closed|reset|close \\d+ .*), then 0 subscribers").on(PAYARA_MICRO,
                        "closed, then [01] subscribers", "Grizzly closes the socket at the client's FIN, but Tyrus"
                                + " reports no close to the endpoint: the connection stays subscribed until the"
                                + " library's idle ping goes unanswered (within twice idleTimeout), which may fall"
                                + " after the case's wait"), null);
        add("sse-slowloris", "SSE", topic, "an SSE request head sent one byte every 500 ms for 10 s: the server"
                        + " waits or closes; either way the others are not affected",
                t -> {
                    try (Socket socket = t.http().connect()) {
                        byte[] head = t.http().get(t.path("/melody/events/" + topic), ACCEPT_SSE)
                                .getBytes(StandardCharsets.US_ASCII);
                        return HostileActions.trickle(socket, head, 20, 500);
                    }
                },
                Expected.outcome("kept open|closed after \\d+ bytes|answered after \\d+ bytes"), null);
    }

    private void sseRequests() {
        String topic = "hostile-methods";
        for (String method : List.of("POST", "PUT", "DELETE")) {
            add("sse-method-" + method, "SSE", topic, method + " on the SSE path: 405",
                    t -> http(t, t.http().request(method, t.path("/melody/events/" + topic), ACCEPT_SSE,
                            "Content-Length: 0", CLOSE_AFTER)),
                    Expected.outcome("HTTP 405( \\|.*)?"), null);
        }
        add("sse-accept-json", "SSE", topic, "Accept: application/json on the SSE path: 406",
                t -> http(t, t.http().get(t.path("/melody/events/" + topic), "Accept: application/json",
                        CLOSE_AFTER)),
                Expected.outcome("HTTP 406( \\|.*)?"), null);
    }

    private void vanishingClients() {
        add("sse-20-clients-vanish", "SSE", "hostile-vanish-sse", "20 SSE clients drop their sockets (TCP reset):"
                        + " the next heartbeat completes their streams, subscribers fall to 0, no ERROR is logged",
                t -> {
                    List<RawResponse> streams = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        RawResponse stream = t.http().send(t.http().get(t.path("/melody/events/hostile-vanish-sse"),
                                ACCEPT_SSE));
                        streams.add(stream);
                        if (stream.status() != 200) {
                            return "stream " + i + ": " + HostileActions.describe(stream);
                        }
                        stream.readUntil(HostileActions.OPEN_COMMENT, RawHttp.WAIT);
                    }
                    int subscribed = t.awaitSubscribers("hostile-vanish-sse", 20);
                    for (RawResponse stream : streams) {
                        stream.socket().setSoLinger(true, 0);
                        stream.close();
                    }
                    return "subscribed " + subscribed + ", then " + t.awaitSubscribers("hostile-vanish-sse", 0);
                },
                Expected.outcome("subscribed 20, then 0"), null);
        add("ws-20-clients-vanish", "WS", "hostile-vanish-ws", "20 WebSocket clients drop their sockets (TCP"
                        + " reset): subscribers fall to 0, no ERROR is logged",
                t -> {
                    List<RawWebSocket> sockets = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        sockets.add(RawWebSocket.open(t.http(), RawWebSocket.handshakeRequest(t.http(),
                                t.path("/ws/hostile-vanish-ws"), "13")));
                    }
                    int subscribed = t.awaitSubscribers("hostile-vanish-ws", 20);
                    sockets.forEach(RawWebSocket::abort);
                    return "subscribed " + subscribed + ", then " + t.awaitSubscribers("hostile-vanish-ws", 0);
                },
                Expected.outcome("subscribed 20, then 0"), null);
    }

    /** A topic with a control character: the library's 400, or Open Liberty's own. */
    private static Expected controlCharacterRefused() {
        return Expected.outcome(TOPIC_INVALID).on(OPEN_LIBERTY, LIBERTY_URI, LIBERTY_URI_REASON);
    }

    /** A topic with an encoded NUL: the library's 400, or Open Liberty's or Payara Micro's own. */
    private static Expected nulRefused() {
        return controlCharacterRefused().on(PAYARA_MICRO, "HTTP 400", GRIZZLY_NUL);
    }

    private static String versionRefusal(HostileTarget target, String request) throws IOException {
        try (RawWebSocket socket = RawWebSocket.open(target.http(), request)) {
            if (socket.status() == 101) {
                socket.close(1000, "");
                return HTTP_101;
            }
            String version = socket.handshake().header("Sec-WebSocket-Version");
            return "HTTP " + socket.status() + (version == null ? "" : " version=" + version);
        }
    }

    private static int closeCode(byte[] payload) {
        return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
    }

    private static String quote(String text) {
        return java.util.regex.Pattern.quote(text);
    }
}
