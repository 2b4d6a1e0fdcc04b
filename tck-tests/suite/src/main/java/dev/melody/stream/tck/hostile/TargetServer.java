package dev.melody.stream.tck.hostile;

/**
 * The server the suite runs against, told by the system properties its module sets for its Arquillian adapter.
 *
 * <p><b>Thread-safety and lifecycle.</b> An immutable enum constant.
 */
public enum TargetServer {
    /** WildFly (Undertow). */
    WILDFLY("tck.wildfly.home"),
    /** Payara Micro (Grizzly, Tyrus). */
    PAYARA_MICRO("tck.payara.micro.jar"),
    /** Open Liberty. */
    OPEN_LIBERTY("tck.liberty.home");

    private final String property;

    TargetServer(String property) {
        this.property = property;
    }

    /**
     * Returns the server of this run.
     *
     * @return the server whose module set its property
     * @throws IllegalStateException when no server module set one
     */
    public static TargetServer current() {
        for (TargetServer server : values()) {
            String value = System.getProperty(server.property);
            if (value != null && !value.isBlank()) {
                return server;
            }
        }
        throw new IllegalStateException("no server module property is set; run the suite through a server module");
    }
}
