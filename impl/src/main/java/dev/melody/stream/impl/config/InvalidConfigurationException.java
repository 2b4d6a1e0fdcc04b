package dev.melody.stream.impl.config;

/**
 * A configuration key holds a value the library cannot accept; fails the deployment.
 *
 * <p><b>Role.</b> Carries the full key, the value and the rule, so the deployment error tells the operator exactly
 * what to change, for example {@code melody.stream.subscriberBuffer=0 must be between 1 and 1000000}.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable once thrown.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param key the full configuration key
     * @param value the refused value
     * @param rule the rule it breaks, as a phrase
     */
    public InvalidConfigurationException(String key, String value, String rule) {
        super("Invalid Melody Stream configuration: " + key + "='" + value + "' " + rule
                + "; fix or remove the key");
    }

    /**
     * Creates the exception for a refusal an extension (a backplane provider) explained itself.
     *
     * @param explanation what is wrong, naming the key and the value (without credentials)
     * @param cause the extension's exception
     */
    public InvalidConfigurationException(String explanation, Throwable cause) {
        super("Invalid Melody Stream configuration: " + explanation, cause);
    }
}
