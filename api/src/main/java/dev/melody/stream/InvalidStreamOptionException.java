package dev.melody.stream;

/**
 * Thrown when a {@link StreamOptions} value breaks its rule; names the option, the value and the rule.
 *
 * <p><b>Role.</b> Lets the configuration layer report the offending configuration key (for example
 * {@code melody.stream.subscriberBuffer}) while the message stays useful on its own.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable once thrown.
 */
public final class InvalidStreamOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;
    private final String value;
    private final String rule;

    /**
     * Creates the exception.
     *
     * @param option the option's name, as in the {@link StreamOptions} accessor
     * @param value the refused value, as text
     * @param rule the rule it breaks, as a phrase ("must be at least 1")
     */
    public InvalidStreamOptionException(String option, String value, String rule) {
        super("StreamOptions." + option + " " + rule + ", was '" + value + "'");
        this.option = option;
        this.value = value;
        this.rule = rule;
    }

    /**
     * Returns the option's name.
     *
     * @return the name, as in the {@link StreamOptions} accessor
     */
    public String option() {
        return option;
    }

    /**
     * Returns the refused value.
     *
     * @return the value, as text
     */
    public String value() {
        return value;
    }

    /**
     * Returns the rule the value breaks.
     *
     * @return a phrase such as "must be at least 1"
     */
    public String rule() {
        return rule;
    }
}
