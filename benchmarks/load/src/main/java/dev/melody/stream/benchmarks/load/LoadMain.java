package dev.melody.stream.benchmarks.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load client's entry point: {@code java -jar load-client.jar --url http://127.0.0.1:PORT/melody-bench
 * --server wildfly --run 1 --plan quick|reduced|full [--only P1,P3] [--loops 2] [--out results.txt] [--check]
 * [--deadline-seconds 1800] [--soak-seconds 600] [--churn-cycles 100000] [--node-a URL --node-b URL] [--rate-events 50000] [--layout NAME]
 * [--backplane redis|amqp|jms] [--broker NAME] [--broker-pid PID] [--cluster-kinds fanout,latency,wide,rate]}.
 *
 * <p>P10, the cluster ({@link ClusterScenarios}), runs only when asked with {@code --only} and needs
 * {@code --node-a} and {@code --node-b}, the base URLs of two deployments of the benchmark WAR that share one
 * backplane; {@code --url} is then the deployment without a backplane that the cluster's figures are compared
 * with. {@code --rate-events} sets the number of events of its publish-rate measurement; {@code --layout} names
 * where the nodes run, {@code --backplane} (default {@code redis}) which backplane they use, and {@code --broker}
 * (default: the backplane's name) which broker serves it, for its result lines; {@code --broker-pid} (formerly {@code --redis-pid}, still accepted) is the cluster's broker process,
 * whose CPU time (read from {@code /proc}) each P10 measurement records; {@code --cluster-kinds} runs only some of
 * its measurements.
 *
 * <p>Runs the plan's measurements against one running server, prints one {@code RESULT} line per measurement (and
 * appends it to {@code --out}), and exits. {@code --check} makes it exit non-zero when the library's targets
 * delivered nothing or lost or duplicated a message, or a baseline delivered nothing: the smoke run's honesty
 * check. A watchdog ends the JVM when {@code --deadline-seconds} pass, so a hung server never hangs a run.
 *
 * <p>Only loopback addresses are accepted. Single-threaded apart from the I/O loops.
 */
public final class LoadMain {

    static final int DEFAULT_LOOPS = 2;
    static final long DEFAULT_DEADLINE_SECONDS = 1_800;
    static final int EXIT_CHECK_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_DEADLINE = 3;
    /** The measurements against one server with one deployment of the benchmark WAR. */
    static final Set<String> SINGLE_NODE = Set.of("P1", "P2", "P3", "P4", "P5", "P7", "P8", "P9", "P12", "P13");
    static final Set<String> ALL = SINGLE_NODE;
    /** The backplanes P10's nodes may use. */
    static final List<String> BACKPLANES = List.of(ClusterScenarios.REDIS, "amqp", "jms");

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        URI url = loopback(required(options, "url"));
        InetAddress host = InetAddress.getByName(url.getHost());
        startWatchdog(Long.parseLong(options.getOrDefault("deadline-seconds", "" + DEFAULT_DEADLINE_SECONDS)));
        Plan plan = Plan.named(options.getOrDefault("plan", "quick"));
        if (options.containsKey("soak-seconds")) {
            plan = plan.withSoakSeconds(Integer.parseInt(options.get("soak-seconds")));
        }
        if (options.containsKey("churn-cycles")) {
            plan = plan.withChurnCycles(Integer.parseInt(options.get("churn-cycles")));
        }
        int run = Integer.parseInt(options.getOrDefault("run", "1"));
        Set<String> only = options.containsKey("only") ? Set.of(options.get("only").split(",")) : ALL;
        Result labels = new Result().put("server", required(options, "server")).put("run", run)
                .put("plan", plan.name());
        List<IoLoop> loops = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(options.getOrDefault("loops", "" + DEFAULT_LOOPS)); i++) {
            loops.add(new IoLoop(i));
        }
        List<Result> results = new ArrayList<>();
        Path out = options.containsKey("out") ? Path.of(options.get("out")) : null;
        try {
            Scenarios.Setup setup = new Scenarios.Setup(new InetSocketAddress(host, url.getPort()), url.getPath(),
                    new ServerControl(url.toString()), loops, labels);
            Scenarios scenarios = new Scenarios(setup, result -> {
                System.out.println(result);
                results.add(result);
                append(out, result);
            });
            if (only.stream().anyMatch(SINGLE_NODE::contains)) {
                runPlan(scenarios, plan, run, only);
            }
            if (only.contains(ClusterScenarios.SCENARIO)) {
                ClusterScenarios.Setup cluster = new ClusterScenarios.Setup(node("solo", url),
                        node("A", loopback(required(options, "node-a"))),
                        node("B", loopback(required(options, "node-b"))), loops, clusterLabels(labels, options),
                        backplane(options), options.getOrDefault("broker", backplane(options)),
                        Long.parseLong(options.getOrDefault("broker-pid",
                        options.getOrDefault("redis-pid", "0"))));
                new ClusterScenarios(cluster, result -> {
                    System.out.println(result);
                    results.add(result);
                    append(out, result);
                }).run(clusterPlan(plan, options), run, options.containsKey("cluster-kinds")
                        ? Set.of(options.get("cluster-kinds").split(",")) : Set.copyOf(ClusterScenarios.KINDS));
            }
        } finally {
            for (IoLoop loop : loops) {
                loop.close();
            }
        }
        if (options.containsKey("check")) {
            List<String> problems = Check.problems(results, only);
            problems.forEach(problem -> System.out.println("CHECK FAILED: " + problem));
            System.out.println(problems.isEmpty() ? "check: " + results.size() + " passed, 0 failed"
                    : "check: " + (results.size() - problems.size()) + " passed, " + problems.size() + " failed");
            System.exit(problems.isEmpty() ? 0 : EXIT_CHECK_FAILED);
        }
        System.exit(0);
    }

    private static void runPlan(Scenarios scenarios, Plan plan, int run, Set<String> only) throws Exception {
        boolean baselineFirst = run % 2 == 1;          // alternate, so neither side always runs warmer
        List<Target> ws = baselineFirst ? List.of(Target.RAW, Target.HUB) : List.of(Target.HUB, Target.RAW);
        List<Target> sse = baselineFirst ? List.of(Target.RAW_SSE, Target.HUB_SSE)
                : List.of(Target.HUB_SSE, Target.RAW_SSE);
        List<Target> warmUp = new ArrayList<>(Target.STANDARD);
        if (only.contains("P13")) {
            warmUp.addAll(List.of(Target.ATMO, Target.ATMO_SSE));   // only the Atmosphere WAR has them
        }
        scenarios.warmUp(plan, warmUp);
        if (only.contains("P4")) {
            scenarios.idle(ws, plan);                  // first, while no earlier measurement holds descriptors
        }
        if (only.contains("P1")) {
            for (int subscribers : plan.fanOutSubscribers()) {
                scenarios.fanOut("P1", ws, subscribers, plan.fanOutMessages(subscribers));
            }
        }
        if (only.contains("P2")) {
            for (int subscribers : plan.sseSubscribers()) {
                scenarios.fanOut("P2", sse, subscribers, plan.fanOutMessages(subscribers));
            }
        }
        if (only.contains("P3")) {
            scenarios.stalled(ws, plan);
        }
        if (only.contains("P5")) {
            scenarios.latency(ws, plan);
        }
        if (only.contains("P7")) {
            scenarios.burst(ws, sse, plan);
        }
        if (only.contains("P12")) {
            scenarios.deep(ws, sse, plan);
        }
        if (only.contains("P13")) {
            scenarios.peer(baselineFirst ? List.of(Target.ATMO, Target.HUB) : List.of(Target.HUB, Target.ATMO),
                    baselineFirst ? List.of(Target.ATMO_SSE, Target.HUB_SSE)
                            : List.of(Target.HUB_SSE, Target.ATMO_SSE), plan);
        }
        if (only.contains("P8")) {
            new ChurnScenarios(scenarios).churn(plan, run);
        }
        if (only.contains("P9")) {
            new ChurnScenarios(scenarios).soak(plan, run);
        }
    }

    /** Parses a node's URL; only loopback addresses are accepted. */
    private static URI loopback(String text) throws IOException {
        URI url = URI.create(text);
        if (url.getHost() == null || !InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
            usage("a node's URL must name a loopback address (127.0.0.1), was " + text);
        }
        return url;
    }

    /** The labels of P10's results: those of every result, and where node A runs ({@code --layout}). */
    private static Result clusterLabels(Result labels, Map<String, String> options) {
        Result cluster = new Result();
        labels.fields().forEach(cluster::put);
        return cluster.put("layout", options.getOrDefault("layout", "not-given"));
    }

    /** The backplane P10's nodes use ({@code --backplane}), checked against the ones there are. */
    private static String backplane(Map<String, String> options) {
        String backplane = options.getOrDefault("backplane", ClusterScenarios.REDIS);
        if (!BACKPLANES.contains(backplane)) {
            usage("--backplane must be one of " + BACKPLANES + ", was '" + backplane + "'");
        }
        return backplane;
    }

    private static ClusterPlan clusterPlan(Plan plan, Map<String, String> options) {
        ClusterPlan cluster = ClusterPlan.named(plan.name());
        return options.containsKey("rate-events")
                ? cluster.withRateMessages(Integer.parseInt(options.get("rate-events"))) : cluster;
    }

    private static ClusterScenarios.Node node(String name, URI url) throws IOException {
        return new ClusterScenarios.Node(name, new InetSocketAddress(InetAddress.getByName(url.getHost()),
                url.getPort()), url.getPath(), new ServerControl(url.toString()));
    }

    private static void append(Path out, Result result) {
        if (out == null) {
            return;
        }
        try {
            Files.writeString(out, result + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("could not append to " + out + ": " + e);
        }
    }

    private static void startWatchdog(long seconds) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1_000);
                System.err.println("load client: deadline of " + seconds + " s passed; stopping");
                Runtime.getRuntime().halt(EXIT_DEADLINE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "load-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "true" : args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            usage("--" + key + " is required");
        }
        return value;
    }

    private static void usage(String problem) {
        PrintWriter err = new PrintWriter(System.err, true);
        err.println(problem);
        err.println("usage: java -jar load-client.jar --url http://127.0.0.1:PORT/CONTEXT --server NAME [--run N]"
                + " [--plan quick|reduced|full] [--only P1,P2,P3,P4,P5,P7,P8,P9,P10,P12,P13] [--loops N]"
                + " [--out FILE] [--check]"
                + " [--deadline-seconds S] [--soak-seconds S] [--churn-cycles N] [--node-a URL --node-b URL]"
                + " [--rate-events N] [--layout NAME] [--backplane redis|amqp|jms] [--broker NAME] [--broker-pid PID]"
                + " [--cluster-kinds K,K]");
        System.exit(EXIT_USAGE);
    }
}
