package dev.melody.stream.jms;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.OperationNotSupportedException;
import javax.naming.spi.InitialContextFactory;

/**
 * A tiny in-memory JNDI for tests: {@code new InitialContext().lookup(name)} answers from {@link #BOUND}. Set as
 * {@code java.naming.factory.initial} for this module's tests (see the pom), so the provider's real lookups run.
 *
 * <p><b>Thread-safety and lifecycle.</b> The bindings are a concurrent map shared by the JVM; each test binds what it
 * needs and unbinds it in a {@code finally} block.
 */
public final class MemoryNaming implements InitialContextFactory {

    /** Name to object. */
    static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    /** Made by JNDI. */
    public MemoryNaming() {
    }

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookup" -> {
                        Object found = BOUND.get(String.valueOf(args[0]));
                        if (found == null) {
                            throw new NameNotFoundException(args[0] + " is not bound");
                        }
                        yield found;
                    }
                    case "close" -> null;
                    case "toString" -> "MemoryNaming";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new OperationNotSupportedException(method.getName());
                });
    }
}
