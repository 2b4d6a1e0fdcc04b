package dev.melody.stream.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The smoke run's honesty check over its results: every measurement delivered something; the library's targets
 * lost and duplicated nothing (at quick sizes nothing overflows); every requested scenario produced results.
 * Baselines may lose messages (some servers' own SSE broadcasters do, see the README's SSE section), so only their deliveries count.
 *
 * <p>Stateless.
 */
final class Check {

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
            if ("P4".equals(result.get("scenario"))) {
                if (!result.get("connections").equals(result.get("serverCounted"))) {
                    problems.add(what + ": " + result.get("connections") + " connections open but the server counted "
                            + result.get("serverCounted"));
                }
                continue;
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
}
