package dev.melody.stream.tck.hostile;

/**
 * One catalogued hostile input: what is sent, on which transport, what must come back, and what the server log must
 * say.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; built once with the catalogue.
 *
 * @param id a short unique name
 * @param transport {@code WS}, {@code SSE} or {@code HTTP}
 * @param topic the topic the case subscribes to or names (checked for 0 subscribers at the end), or {@code null}
 * @param description what the case sends and why the answer is right
 * @param action the hostile action; returns the outcome text
 * @param expected the expected outcome, per server where the runtime decides
 * @param log a substring one captured log line must contain, or {@code null} when the library logs nothing
 */
public record HostileCase(String id, String transport, String topic, String description, Action action,
                          Expected expected, String log) {

    /** The hostile action of a case. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs the action against a deployment.
         *
         * @param target the deployment
         * @return the outcome text
         * @throws Exception if the action cannot be carried out at all
         */
        String run(HostileTarget target) throws Exception;
    }

    @Override
    public String toString() {
        return id + " [" + transport + "]";
    }
}
