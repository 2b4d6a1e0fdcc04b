package dev.melody.stream.tck.hostile;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a case's outcome must look like, as a regular expression over the outcome text ({@code "HTTP 400 | topic
 * missing"}, {@code "close 1002 ..."}, {@code "closed"}, ...), with per-server exceptions where the server's own
 * runtime (not the library) decides, each with the reason it is that server's call.
 *
 * <p><b>Thread-safety.</b> Immutable once built; {@link #on} returns a new instance.
 *
 * <p><b>Lifecycle.</b> Built once with the catalogue.
 */
public final class Expected {

    private final Pattern all;
    private final Map<TargetServer, Pattern> servers;
    private final Map<TargetServer, String> reasons;
    private final Map<TargetServer, Pattern> serverErrors;

    private Expected(Pattern all, Map<TargetServer, Pattern> servers, Map<TargetServer, String> reasons,
                     Map<TargetServer, Pattern> serverErrors) {
        this.all = all;
        this.servers = servers;
        this.reasons = reasons;
        this.serverErrors = serverErrors;
    }

    /**
     * Expects the same outcome on every server.
     *
     * @param regex the outcome, as a regular expression that must match all of it
     * @return the expectation
     */
    public static Expected outcome(String regex) {
        return new Expected(Pattern.compile(regex, Pattern.DOTALL), new EnumMap<>(TargetServer.class),
                new EnumMap<>(TargetServer.class), new EnumMap<>(TargetServer.class));
    }

    /**
     * Expects another outcome on one server, whose runtime decides it.
     *
     * @param server the server
     * @param regex its outcome
     * @param reason why it is the server's call, for the report
     * @return a new expectation
     */
    public Expected on(TargetServer server, String regex, String reason) {
        Map<TargetServer, Pattern> moreServers = new EnumMap<>(servers);
        Map<TargetServer, String> moreReasons = new EnumMap<>(reasons);
        moreServers.put(server, Pattern.compile(regex, Pattern.DOTALL));
        moreReasons.put(server, reason);
        return new Expected(all, moreServers, moreReasons, serverErrors);
    }

    /**
     * Accepts an error the server's own runtime logs for this input on one server (never one of the library's).
     *
     * @param server the server
     * @param regex what the server's record says, found anywhere in it
     * @return a new expectation
     */
    public Expected serverLogs(TargetServer server, String regex) {
        Map<TargetServer, Pattern> more = new EnumMap<>(serverErrors);
        more.put(server, Pattern.compile(regex));
        return new Expected(all, servers, reasons, more);
    }

    /**
     * Says whether an error record is one the server's runtime logs for this input on a server.
     *
     * @param server the server
     * @param record the record as the log probe reports it
     * @return whether {@link #serverLogs} accepted it
     */
    public boolean toleratesServerError(TargetServer server, String record) {
        Pattern pattern = serverErrors.get(server);
        return pattern != null && pattern.matcher(record).find();
    }

    /** Returns the pattern that applies on a server. */
    public Pattern on(TargetServer server) {
        return servers.getOrDefault(server, all);
    }

    /** Returns why a server differs, or {@code null} when it does not. */
    public String reason(TargetServer server) {
        return reasons.get(server);
    }

    /**
     * Says whether an outcome is the expected one on a server.
     *
     * @param server the server
     * @param outcome the outcome text
     * @return whether the server's pattern matches all of it
     */
    public boolean matches(TargetServer server, String outcome) {
        return on(server).matcher(outcome).matches();
    }
}
