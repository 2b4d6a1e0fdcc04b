package dev.melody.stream.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Turns the {@code RESULT} lines of one or more runs into one Markdown table per server, with each figure as
 * median [min – max] over the runs, and each ratio computed per run (target and baseline of the same run) before
 * taking median, min and max: {@code java -cp load-client.jar dev.melody.stream.benchmarks.load.Summary FILE…}.
 *
 * <p>Stateless; a command-line tool.
 */
public final class Summary {

    private static final String HUB = "hub";
    private static final String RAW = "raw";

    private final List<Result> results;

    private Summary(List<Result> results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        List<Result> results = new ArrayList<>();
        for (String file : args) {
            for (String line : Files.readAllLines(Path.of(file))) {
                Result result = Result.parse(line);
                if (result != null) {
                    results.add(result);
                }
            }
        }
        Summary summary = new Summary(results);
        results.stream().map(r -> r.get("server")).distinct().forEach(summary::printServer);
    }

    private void printServer(String server) {
        System.out.println("### " + server);
        System.out.println();
        System.out.println("| | measure | Melody Stream | baseline | ratio (per run) | runs |");
        System.out.println("|---|---|---|---|---|---|");
        for (String subscribers : distinct(server, "P1", "subscribers")) {
            pair(server, "P1", "WS fan-out, " + subscribers + " subscribers, deliveries/s", HUB, RAW,
                    r -> subscribers.equals(r.get("subscribers")), r -> num(r, "perSecond"));
        }
        for (String subscribers : distinct(server, "P2", "subscribers")) {
            pair(server, "P2", "SSE fan-out, " + subscribers + " subscribers, deliveries/s", "hub-sse", "raw-sse",
                    r -> subscribers.equals(r.get("subscribers")), r -> num(r, "perSecond"));
            pair(server, "P2", "SSE fan-out, " + subscribers + " subscribers, lost + duplicated", "hub-sse", "raw-sse",
                    r -> subscribers.equals(r.get("subscribers")), r -> num(r, "lost") + num(r, "dup"));
        }
        for (String target : List.of(HUB, RAW)) {
            ratio(server, "P3", target + ": healthy deliveries/s, 10 % stalled vs none", target, "stalled", "control",
                    r -> num(r, "perSecond"));
            single(server, "P3", target + ": heap growth with 10 % stalled, MB", target,
                    r -> "stalled".equals(r.get("variant")), r -> num(r, "heapAfterMB") - num(r, "heapBeforeMB"));
            single(server, "P3", target + ": healthy p99 latency with 10 % stalled, ms", target,
                    r -> "stalled".equals(r.get("variant")), r -> num(r, "p99ms"));
        }
        for (String target : List.of(HUB, RAW)) {
            single(server, "P4", target + ": heap per idle connection, KB", target, r -> true,
                    r -> num(r, "heapPerConnKB"));
        }
        difference(server, "P4", "hub's heap per idle connection over raw, KB", r -> num(r, "heapPerConnKB"));
        single(server, "P4", "connections held", HUB, r -> true, r -> num(r, "serverCounted"));
        for (String subscribers : distinct(server, "P5", "subscribers")) {
            pair(server, "P5", "p99 latency, " + subscribers + " subscribers × 10 broadcasts/s, ms", HUB, RAW,
                    r -> subscribers.equals(r.get("subscribers")), r -> num(r, "p99ms"));
            pair(server, "P5", "deliveries/s, " + subscribers + " subscribers × 10 broadcasts/s", HUB, RAW,
                    r -> subscribers.equals(r.get("subscribers")), r -> num(r, "perSecond"));
        }
        burst(server);
        deep(server);
        peer(server);
        churnAndSoak(server);
        cluster(server);
        System.out.println();
    }

    /** P8 and P9: the library's figures only (there is no baseline). */
    private void churnAndSoak(String server) {
        for (String[] target : List.of(new String[] {HUB, "WS"}, new String[] {"hub-sse", "SSE"})) {
            String name = target[1] + " churn: ";
            single(server, "P8", name + "cycles", target[0], r -> true, r -> num(r, "cycles"));
            single(server, "P8", name + "cycles/s", target[0], r -> true, r -> num(r, "cyclesPerSecond"));
            single(server, "P8", name + "failed cycles", target[0], r -> true, r -> num(r, "failures"));
            if (HUB.equals(target[0])) {
                single(server, "P8", name + "clean closes the server did not answer in 5 s", target[0], r -> true,
                        r -> num(r, "closeUnanswered"));
                single(server, "P8", name + "handshakes the server answered 200 instead of upgrading", target[0],
                        r -> true, r -> num(r, "notUpgraded"));
            }
            single(server, "P8", name + "topic subscribers right after the last cycle", target[0], r -> true,
                    r -> num(r, "subscribersAtEnd"));
            single(server, "P8", name + "topic subscribers after the settle wait", target[0], r -> true,
                    r -> num(r, "subscribersAfter"));
            single(server, "P8", name + "heap after GC before, MB", target[0], r -> true,
                    r -> num(r, "heapBeforeMB"));
            single(server, "P8", name + "heap after GC after, MB", target[0], r -> true,
                    r -> num(r, "heapAfterMB"));
        }
        for (String key : List.of("reconnects", "delivered", "lost", "dup", "outOfOrder", "markers")) {
            single(server, "P9", "SSE reconnect soak: " + key, "hub-sse", r -> true, r -> num(r, key));
        }
    }

    /**
     * P10: the cluster (publish on node A, subscribers on node B) against one node without a backplane, per run;
     * the ratio column holds cluster / single node, or for latencies the milliseconds the cluster adds. One set of
     * rows per backplane and broker the results name (results from before those fields are Redis's, unnamed).
     */
    private void cluster(String server) {
        List<String> backplanes = results.stream().filter(r -> server.equals(r.get("server"))
                        && ClusterScenarios.SCENARIO.equals(r.get("scenario")))
                .map(Summary::backplane).distinct().toList();
        for (String backplane : backplanes) {
            cluster(server, r -> backplane.equals(backplane(r)), backplane.isEmpty() ? "" : backplane + ": ");
        }
    }

    /** A P10 result's backplane and, where it is not the same name, its broker: {@code amqp over rabbitmq}. */
    private static String backplane(Result r) {
        String backplane = Objects.requireNonNullElse(r.get("backplane"), "");
        String broker = r.get("broker");
        return broker == null || broker.equals(backplane) ? backplane : backplane + " over " + broker;
    }

    /** P10's rows for the results of one backplane, each measure named after {@code prefix}. */
    private void cluster(String server, Predicate<Result> ofBackplane, String prefix) {
        for (String[] pair : List.of(new String[] {HUB, "WS"}, new String[] {"hub-sse", "SSE"})) {
            variants(server, ofBackplane, "fanout", pair[0],
                    prefix + pair[1] + " fan-out to node B's subscribers, deliveries/s", r -> num(r, "perSecond"),
                    Compare.RATIO);
            variants(server, ofBackplane, "fanout", pair[0], prefix + pair[1] + " fan-out, lost + duplicated",
                    r -> num(r, "lost") + num(r, "dup"), Compare.NONE);
        }
        for (String kind : List.of("latency", "latency-cold", "wide")) {
            for (String percentile : List.of("p50ms", "p99ms")) {
                variants(server, ofBackplane, kind, HUB, prefix + "WS " + percentile.substring(0, 3) + " latency, "
                        + ("wide".equals(kind) ? "10 broadcasts/s" : "1,000 broadcasts/s") + " to "
                        + first(server, kind, "subscribers") + " subscribers" + ("latency-cold".equals(kind)
                        ? " of a new topic" : "") + ", ms", r -> num(r, percentile), Compare.ADDED);
            }
        }
        variants(server, ofBackplane, "rate", HUB, prefix + "events/s through the backplane, arrival at node B",
                r -> ClusterScenarios.CLUSTER.equals(r.get("variant")) ? num(r, "eventsPerSecond") : Double.NaN,
                Compare.NONE);
        variants(server, ofBackplane, "rate", HUB, prefix
                        + "events/s through the backplane, node B's hub counting them all (the publish rate)",
                r -> ClusterScenarios.CLUSTER.equals(r.get("variant")) ? num(r, "receiverSettledPerSecond")
                        : Double.NaN, Compare.NONE);
        variants(server, ofBackplane, "rate", HUB, prefix
                        + "events/s delivered on node A (its hub's count; with Redis: once sequenced)",
                r -> ClusterScenarios.CLUSTER.equals(r.get("variant")) ? num(r, "settledPerSecond") : Double.NaN,
                Compare.NONE);
        variants(server, ofBackplane, "rate", HUB, prefix + "events lost at node B", r -> num(r, "lost"),
                Compare.NONE);
        variants(server, ofBackplane, "rate", HUB, prefix
                        + "broadcast calls/s on the publishing node (returned, not yet through the broker)",
                r -> num(r, "broadcastsPerSecond"), Compare.RATIO);
        variants(server, ofBackplane, "rate", HUB, prefix + "broker CPU per event, µs",
                r -> !ClusterScenarios.CLUSTER.equals(r.get("variant")) ? Double.NaN
                        : r.get("brokerCpuMicrosPerEvent") != null ? num(r, "brokerCpuMicrosPerEvent")
                        : num(r, "redisCpuMicrosPerEvent"), Compare.NONE);
    }

    /** How a P10 figure of the cluster is set against the single node's: ratio, difference, or not at all. */
    private enum Compare { RATIO, ADDED, NONE }

    /** One P10 figure, cluster against single node, and per run their ratio or difference. */
    private void variants(String server, Predicate<Result> ofBackplane, String kind, String target, String measure,
                          ToDoubleFunction<Result> figure, Compare compare) {
        boolean added = compare == Compare.ADDED;
        Predicate<Result> ofKind = ofBackplane.and(r -> kind.equals(r.get("kind")));
        Map<String, Double> cluster = perRun(server, ClusterScenarios.SCENARIO, target,
                ofKind.and(r -> ClusterScenarios.CLUSTER.equals(r.get("variant"))), figure);
        Map<String, Double> solo = perRun(server, ClusterScenarios.SCENARIO, target,
                ofKind.and(r -> ClusterScenarios.SOLO.equals(r.get("variant"))), figure);
        cluster.values().removeIf(v -> v.isNaN());
        solo.values().removeIf(v -> v.isNaN());
        List<Double> combined = new ArrayList<>();
        cluster.forEach((run, value) -> {
            Double other = solo.get(run);
            if (other != null && compare != Compare.NONE && (added || other != 0)) {
                combined.add(added ? value - other : value / other);
            }
        });
        String third = combined.isEmpty() ? "" : (added ? "added: " : "") + spread(combined);
        row(ClusterScenarios.SCENARIO, measure, spread(cluster.values()), spread(solo.values()), third,
                Math.max(cluster.size(), solo.size()));
    }

    private String first(String server, String kind, String key) {
        return results.stream().filter(r -> server.equals(r.get("server"))
                        && ClusterScenarios.SCENARIO.equals(r.get("scenario")) && kind.equals(r.get("kind")))
                .map(r -> r.get(key)).filter(Objects::nonNull).findFirst().orElse("?");
    }

    /** P7: the share of the burst every reader got, against the raw side, and what one stalled client changes. */
    private void burst(String server) {
        java.util.function.Predicate<Result> control = r -> "control".equals(r.get("variant"));
        ToDoubleFunction<Result> share = r -> 100 * num(r, "delivered") / Math.max(1, num(r, "expected"));
        for (String[] pair : List.of(new String[] {HUB, RAW, "WS"}, new String[] {"hub-sse", "raw-sse", "SSE"})) {
            pair(server, "P7", pair[2] + " burst: % of 10,000 × 1 KB delivered to 20 readers", pair[0], pair[1],
                    control, share);
            pair(server, "P7", pair[2] + " burst: deliveries/s", pair[0], pair[1], control, r -> num(r, "perSecond"));
            ratio(server, "P7", pair[0] + ": " + pair[2] + " burst deliveries/s, 1 stalled vs none", pair[0],
                    "stalled", "control", r -> num(r, "perSecond"));
            single(server, "P7", pair[0] + ": " + pair[2] + " burst % delivered with 1 stalled", pair[0],
                    r -> "stalled".equals(r.get("variant")), share);
            single(server, "P7", pair[0] + ": " + pair[2] + " burst heap after GC, with 1 stalled, MB", pair[0],
                    r -> "stalled".equals(r.get("variant")), r -> num(r, "heapAfterMB"));
        }
    }

    /** P12: deep streams, the library against its baseline on each transport; deliveries/s and what was lost. */
    private void deep(String server) {
        for (String[] pair : List.of(new String[] {HUB, RAW, "WS"}, new String[] {"hub-sse", "raw-sse", "SSE"})) {
            for (String messages : distinct(server, "P12", "messages")) {
                Predicate<Result> sized = r -> messages.equals(r.get("messages"));
                String readers = String.join("/", distinct(server, "P12", "subscribers"));
                String name = pair[2] + " deep streams, " + readers + " readers × " + messages + " × 1 KB";
                pair(server, "P12", name + ", deliveries/s", pair[0], pair[1], sized, r -> num(r, "perSecond"));
                pair(server, "P12", name + ", lost + duplicated", pair[0], pair[1], sized,
                        r -> num(r, "lost") + num(r, "dup"));
                pair(server, "P12", name + ", out of order", pair[0], pair[1], sized, r -> num(r, "outOfOrder"));
            }
        }
    }

    /**
     * P13: the library beside Atmosphere in one server process; the baseline column is Atmosphere's, and the
     * ratio the library's figure over Atmosphere's, per run.
     */
    private void peer(String server) {
        for (String[] pair : List.of(new String[] {HUB, "atmo", "WS"}, new String[] {"hub-sse", "atmo-sse", "SSE"})) {
            for (String subscribers : distinct(server, "P13", "subscribers")) {
                Predicate<Result> sized = r -> subscribers.equals(r.get("subscribers"));
                String name = pair[2] + " fan-out, " + subscribers + " subscribers, library vs Atmosphere";
                pair(server, "P13", name + ", deliveries/s", pair[0], pair[1], sized, r -> num(r, "perSecond"));
                pair(server, "P13", name + ", lost + duplicated", pair[0], pair[1], sized,
                        r -> num(r, "lost") + num(r, "dup"));
                pair(server, "P13", name + ", out of order", pair[0], pair[1], sized, r -> num(r, "outOfOrder"));
            }
        }
    }

    /** A target against its baseline: both figures and their per-run ratio. */
    private void pair(String server, String scenario, String measure, String target, String baseline,
                      java.util.function.Predicate<Result> filter, ToDoubleFunction<Result> figure) {
        Map<String, Double> mine = perRun(server, scenario, target, filter, figure);
        Map<String, Double> base = perRun(server, scenario, baseline, filter, figure);
        List<Double> ratios = new ArrayList<>();
        mine.forEach((run, value) -> {
            Double other = base.get(run);
            if (other != null && other != 0) {
                ratios.add(value / other);
            }
        });
        row(scenario, measure, spread(mine.values()), spread(base.values()), spread(ratios), mine.size());
    }

    /** Two variants of one target: their per-run ratio. */
    private void ratio(String server, String scenario, String measure, String target, String variant,
                       String reference, ToDoubleFunction<Result> figure) {
        Map<String, Double> mine = perRun(server, scenario, target, r -> variant.equals(r.get("variant")), figure);
        Map<String, Double> base = perRun(server, scenario, target, r -> reference.equals(r.get("variant")), figure);
        List<Double> ratios = new ArrayList<>();
        mine.forEach((run, value) -> {
            Double other = base.get(run);
            if (other != null && other != 0) {
                ratios.add(value / other);
            }
        });
        row(scenario, measure, spread(mine.values()), spread(base.values()) + " (none stalled)", spread(ratios),
                mine.size());
    }

    private void single(String server, String scenario, String measure, String target,
                        java.util.function.Predicate<Result> filter, ToDoubleFunction<Result> figure) {
        Map<String, Double> values = perRun(server, scenario, target, filter, figure);
        boolean library = target.startsWith(HUB);
        row(scenario, measure, library ? spread(values.values()) : "", library ? "" : spread(values.values()), "",
                values.size());
    }

    private void difference(String server, String scenario, String measure, ToDoubleFunction<Result> figure) {
        Map<String, Double> mine = perRun(server, scenario, HUB, r -> true, figure);
        Map<String, Double> base = perRun(server, scenario, RAW, r -> true, figure);
        List<Double> differences = new ArrayList<>();
        mine.forEach((run, value) -> {
            if (base.containsKey(run)) {
                differences.add(value - base.get(run));
            }
        });
        row(scenario, measure, spread(differences), "", "", differences.size());
    }

    private void row(String scenario, String measure, String mine, String base, String ratio, int runs) {
        if (runs > 0) {
            System.out.println("| " + scenario + " | " + measure + " | " + mine + " | " + base + " | " + ratio + " | "
                    + runs + " |");
        }
    }

    private Map<String, Double> perRun(String server, String scenario, String target,
                                       java.util.function.Predicate<Result> filter, ToDoubleFunction<Result> figure) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Result r : results) {
            if (server.equals(r.get("server")) && scenario.equals(r.get("scenario")) && target.equals(r.get("target"))
                    && filter.test(r)) {
                values.put(r.get("run") + "/" + r.get("plan"), figure.applyAsDouble(r));
            }
        }
        return values;
    }

    private List<String> distinct(String server, String scenario, String key) {
        return results.stream().filter(r -> server.equals(r.get("server")) && scenario.equals(r.get("scenario")))
                .map(r -> r.get(key)).filter(Objects::nonNull).distinct().toList();
    }

    private static double num(Result r, String key) {
        String value = r.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    /** median [min – max], or the one value. */
    static String spread(java.util.Collection<Double> values) {
        if (values.isEmpty()) {
            return "";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        if (sorted.size() == 1) {
            return format(median);
        }
        return format(median) + " [" + format(sorted.get(0)) + " – " + format(sorted.get(sorted.size() - 1)) + "]";
    }

    private static String format(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 1000 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}
