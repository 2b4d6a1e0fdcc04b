package dev.melody.stream.impl.server;

/**
 * Tells which server (or JAX-RS runtime) an object the container handed us belongs to, by the package of its class:
 * the one place that knows those packages.
 *
 * <p><b>Role.</b> The library uses no server API; where a server needs its own handling (a completion thread that
 * may go on sending, a JAX-RS runtime that writes events its own way, a thread-local to read by reflection), the
 * transports ask this class about an object the container gave them, such as a {@code RemoteEndpoint.Async} or an
 * {@code OutboundSseEvent.Builder}:
 * <table>
 * <caption>What is recognised</caption>
 * <tr><th>question</th><th>package of the object's class</th><th>where</th></tr>
 * <tr><td>{@link #isUndertow}</td><td>{@value #UNDERTOW_PACKAGE}</td><td>WildFly's servlet and WebSocket
 * container</td></tr>
 * <tr><td>{@link #isLiberty}</td><td>{@value #LIBERTY_PACKAGE}</td><td>Open Liberty's own classes, such as its
 * WebSocket container ({@code com.ibm.ws.wsoc.})</td></tr>
 * <tr><td>{@link #isResteasy}</td><td>{@value #RESTEASY_PACKAGE}</td><td>RESTEasy, the JAX-RS runtime of WildFly and
 * Open Liberty</td></tr>
 * </table>
 * An object of any other class (Payara's Tyrus and Jersey, an embedded runtime, a wrapper of the application's) is
 * none of them, and gets the portable handling. {@link #UNDERTOW_REQUEST_CONTEXT} names the Undertow class that holds
 * the current request, for code that reads it by reflection.
 *
 * <p><b>Thread-safety and lifecycle.</b> Constants and pure functions, safe on any thread; not instantiable.
 */
public final class ServerDetection {

    /** The package of Undertow's classes (WildFly). */
    public static final String UNDERTOW_PACKAGE = "io.undertow.";

    /** The package of Open Liberty's classes. */
    public static final String LIBERTY_PACKAGE = "com.ibm.ws.";

    /** The package of RESTEasy's classes (the JAX-RS runtime of WildFly and Open Liberty). */
    public static final String RESTEASY_PACKAGE = "org.jboss.resteasy.";

    /** Undertow's per-request context, whose static {@code current()} returns the request served on this thread. */
    public static final String UNDERTOW_REQUEST_CONTEXT = UNDERTOW_PACKAGE + "servlet.handlers.ServletRequestContext";

    private ServerDetection() {
    }

    /**
     * Tells whether an object is Undertow's (WildFly).
     *
     * @param containerObject an object the container handed over, or {@code null}
     * @return {@code true} if its class is in {@value #UNDERTOW_PACKAGE}; {@code false} for {@code null}
     */
    public static boolean isUndertow(Object containerObject) {
        return inPackage(containerObject, UNDERTOW_PACKAGE);
    }

    /**
     * Tells whether an object is Open Liberty's.
     *
     * @param containerObject an object the container handed over, or {@code null}
     * @return {@code true} if its class is in {@value #LIBERTY_PACKAGE}; {@code false} for {@code null}
     */
    public static boolean isLiberty(Object containerObject) {
        return inPackage(containerObject, LIBERTY_PACKAGE);
    }

    /**
     * Tells whether an object is RESTEasy's (WildFly, Open Liberty).
     *
     * @param containerObject an object the JAX-RS runtime handed over, or {@code null}
     * @return {@code true} if its class is in {@value #RESTEASY_PACKAGE}; {@code false} for {@code null}
     */
    public static boolean isResteasy(Object containerObject) {
        return inPackage(containerObject, RESTEASY_PACKAGE);
    }

    private static boolean inPackage(Object containerObject, String prefix) {
        return containerObject != null && containerObject.getClass().getName().startsWith(prefix);
    }
}
