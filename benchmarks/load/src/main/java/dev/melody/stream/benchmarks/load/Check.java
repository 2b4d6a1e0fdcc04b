package dev.melody.stream.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The smoke run's honesty check over its results: every measurement delivered something; the library's targets
 * lost and duplicated nothing (at quick sizes nothing overflows); every requested scenario produced results.
 * Baselines may lose messages (some servers' own SSE broadcasters do, see the README's SSE section), so only their deliveries count.
 * Churn (P8) must complete every cycle and leave the topic with no subscriber (a server that now and then answers a
 * WebSocket handshake with 200 instead of upgrading is tolerated up to one in {@value #NOT_UPGRADED_PER_CYCLES}
 * cycles: that is its WebSocket layer, not the library); the soak (P9) must lose, duplicate
 * and reorder nothing and get no marker (nothing leaves the history window between a drop and the resume). The
 * cluster (P10) must deliver everything on the receiving node, as on a single node, with no failed publication.
 *
 * <p>Stateless.
 */
final class Check {

    static final int NOT_UPGRADED_PER_CYCLES = 1_000;

    private Check() {
    }

    static List<String> problems(List<Result> results, Set<String> scenarios) {
        List<String> problems = new ArrayList<>();
        for (String scenario : scenarios) {
            if (results.stream().noneMatch(r -> scenario.equals(r.get("scenario")))) {
                problems.add(scenario + ": no result");
            }
        }
        for (Result result : results) {
            String what = result.get("scenario") + " " + result.get("target") + " "
                    + (result.get("variant") == null ? "" : result.get("variant"));
            boolean library = result.get("target").startsWith("hub");
            if ("P8".equals(result.get("scenario"))) {
                churn(result, what, problems);
                continue;
            }
            if ("P9".equals(result.get("scenario"))) {
                soak(result, what, problems);
                continue;
            }
            if ("P4".equals(result.get("scenario"))) {
                if (!result.get("connections").equals(result.get("serverCounted"))) {
                    problems.add(what + ": " + result.get("connections") + " connections open but the server counted "
                            + result.get("serverCounted"));
                }
                continue;
            }
            if (ClusterScenarios.SCENARIO.equals(result.get("scenario"))) {
                cluster(result, what + " " + result.get("kind"), problems);
            }
            if (Long.parseLong(result.get("delivered")) == 0) {
                problems.add(what + ": delivered nothing");
            }
            if (library && (Long.parseLong(result.get("lost")) != 0 || Long.parseLong(result.get("dup")) != 0)) {
                problems.add(what + ": lost " + result.get("lost") + ", duplicated " + result.get("dup"));
            }
            if (result.get("connectFailures") != null) {
                problems.add(what + ": " + result.get("connectFailures") + " connections failed: "
                        + result.get("firstFailure"));
            }
        }
        return problems;
    }

    private static void churn(Result result, String what, List<String> problems) {
        if (Long.parseLong(result.get("completed")) == 0 || !"0".equals(result.get("failures"))) {
            problems.add(what + ": " + result.get("completed") + " of " + result.get("cycles")
                    + " cycles completed, " + result.get("failures") + " failed: " + result.get("firstFailure"));
        }
        long notUpgraded = result.get("notUpgraded") == null ? 0 : Long.parseLong(result.get("notUpgraded"));
        if (notUpgraded * NOT_UPGRADED_PER_CYCLES > Long.parseLong(result.get("cycles"))) {
            problems.add(what + ": the server answered " + notUpgraded + " of " + result.get("cycles")
                    + " handshakes with 200 instead of upgrading");
        }
        if (!"0".equals(result.get("subscribersAfter"))) {
            problems.add(what + ": " + result.get("subscribersAfter") + " subscribers left on the topic "
                    + result.get("settleSeconds") + " s after the last cycle");
        }
        if (result.get("publishFailure") != null) {
            problems.add(what + ": publishing failed: " + result.get("publishFailure"));
        }
    }

    /** P10 adds what the publishing node's own subscriber missed and the backplane's failed publications. */
    private static void cluster(Result result, String what, List<String> problems) {
        String ownLost = result.get("publisherNodeLost");
        if (ownLost != null && !"0".equals(ownLost)) {
            problems.add(what + ": the publishing node's subscriber lost " + ownLost);
        }
        String failures = result.get("backplaneFailures");
        if (failures != null && !"0".equals(failures)) {
            problems.add(what + ": " + failures + " backplane publications failed");
        }
    }

    private static void soak(Result result, String what, List<String> problems) {
        if (Long.parseLong(result.get("delivered")) == 0 || Long.parseLong(result.get("reconnects")) == 0) {
            problems.add(what + ": delivered " + result.get("delivered") + " with " + result.get("reconnects")
                    + " reconnects");
        }
        for (String key : List.of("lost", "dup", "outOfOrder", "markers", "failures")) {
            if (!"0".equals(result.get(key))) {
                problems.add(what + ": " + key + " " + result.get(key)
                        + (result.get("firstFailure") == null ? "" : " (" + result.get("firstFailure") + ")"));
            }
        }
        if (result.get("publishFailure") != null) {
            problems.add(what + ": publishing failed: " + result.get("publishFailure"));
        }
    }
}
