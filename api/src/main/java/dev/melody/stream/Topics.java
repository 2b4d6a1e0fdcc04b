package dev.melody.stream;

/**
 * The one rule for topic names, shared by the hub and both transports.
 *
 * <p><b>Role.</b> A topic is a non-empty string of at most {@value #MAX_LENGTH} characters with no control
 * characters (U+0000–U+001F and U+007F–U+009F). Anything else is refused with an {@link IllegalArgumentException}
 * that names the rule; nothing is trimmed or otherwise altered.
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless static helpers; not instantiable.
 */
public final class Topics {

    /** The longest topic accepted, in UTF-16 chars. */
    public static final int MAX_LENGTH = 256;

    private Topics() {
    }

    /**
     * Returns why a topic is not acceptable, or {@code null} if it is.
     *
     * @param topic the candidate topic, possibly {@code null}
     * @return a short sentence naming the broken rule, or {@code null} when the topic is valid
     */
    public static String problem(String topic) {
        if (topic == null) {
            return "topic is missing";
        }
        if (topic.isEmpty()) {
            return "topic is empty";
        }
        if (topic.length() > MAX_LENGTH) {
            return "topic is longer than " + MAX_LENGTH + " characters (" + topic.length() + ")";
        }
        for (int i = 0; i < topic.length(); i++) {
            if (Character.isISOControl(topic.charAt(i))) {
                return "topic contains a control character (U+" + String.format("%04X", (int) topic.charAt(i))
                        + " at index " + i + ")";
            }
        }
        return null;
    }

    /**
     * Checks a topic and returns it unchanged.
     *
     * @param topic the candidate topic
     * @return the same topic, when valid
     * @throws IllegalArgumentException naming the broken rule when the topic is not valid
     */
    public static String requireValid(String topic) {
        String problem = problem(topic);
        if (problem != null) {
            throw new IllegalArgumentException(problem + "; a topic must be 1 to " + MAX_LENGTH
                    + " characters without control characters");
        }
        return topic;
    }
}
