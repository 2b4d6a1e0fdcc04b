package dev.melody.stream.impl.connection;

import dev.melody.stream.StreamClosed;
import dev.melody.stream.StreamOpened;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The CDI events that announce a transport's connections: {@link StreamOpened} and {@link StreamClosed}.
 *
 * <p><b>Role.</b> Notifies the synchronous observers ({@code @Observes}) of each event one by one, on the calling
 * thread (the opening thread for {@code StreamOpened}, the first closer's for {@code StreamClosed}), in the order of
 * their {@code @Priority} (as {@code Event.fire} would), each in its own {@code try}: an observer that throws is
 * logged (one WARNING line naming the observer and the exception, at most one per observer method and transport
 * every {@link #OBSERVER_FAILURE_LOG_INTERVAL}; the stack trace at DEBUG) and never reaches the connection, the
 * transport or the other observers. {@code Event.fire} cannot promise that: it stops at the first observer that throws.
 * Observers are resolved like the transport's own {@code @Inject Event<StreamOpened>} would resolve them
 * (qualifier {@code @Default}, so {@code @Observes StreamOpened}, {@code @Observes @Any StreamOpened} and
 * {@code @Observes @Default StreamOpened} are notified), once per event type, on its first firing; since both
 * payloads are final records, that one resolution holds for every later event.
 *
 * <p><b>What differs from {@code Event.fire}.</b> Transactional observers ({@code @Observes(during = ...)}) are
 * notified at once, as if no transaction were active (none is, on the threads that open and close connections).
 * An observer's {@code EventMetadata} parameter, if it declares one, is left to the container, which may not have
 * any to give. Asynchronous observers ({@code @ObservesAsync}) are <em>not</em> notified, as before:
 * connections open and close faster than an asynchronous hand-off would keep their order, and a
 * {@code StreamClosed} at shutdown would reach an application already gone. The first firing (of each transport)
 * logs one WARNING naming each such observer, so one written by mistake does not go unnoticed.
 *
 * <p><b>Thread-safety and lifecycle.</b> May be used from any thread; each event type's observers are resolved once,
 * under the instance's lock, and published through a volatile field; firing takes no lock. Created by each
 * transport when it starts, from the application's {@link BeanManager}, and held by its {@link ConnectionRegistry}.
 */
public final class LifecycleEvents {

    /** How often a failing observer may be reported: it may throw once per connection. */
    static final Duration OBSERVER_FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);
    static final String LOG_OBSERVER_FAILED = "The %s observer %s threw %s; the connection and the other observers "
            + "are unaffected. Observers must not throw; catch and handle errors in them";
    static final String LOG_ASYNC_IGNORED = "@ObservesAsync observer(s) of %s are never notified (the event is "
            + "fired synchronously only; observe it with @Observes): %s";

    private static final System.Logger LOG = System.getLogger(LifecycleEvents.class.getName());

    private final BeanManager beans;
    private volatile List<Observer<StreamOpened>> openedObservers;
    private volatile List<Observer<StreamClosed>> closedObservers;

    /**
     * Creates the events of one transport.
     *
     * @param beans the application's bean manager, which resolves the observers on the first firing of each event
     */
    public LifecycleEvents(BeanManager beans) {
        this.beans = Objects.requireNonNull(beans, "beans");
    }

    /**
     * Notifies every synchronous {@link StreamOpened} observer; one that throws is logged and the others still run.
     *
     * @param event the event
     */
    public void fireOpened(StreamOpened event) {
        List<Observer<StreamOpened>> observers = openedObservers;
        if (observers == null) {
            synchronized (this) {
                observers = openedObservers;
                if (observers == null) {
                    observers = resolve(event);
                    openedObservers = observers;
                }
            }
        }
        notifyEach(observers, event);
    }

    /**
     * Notifies every synchronous {@link StreamClosed} observer; one that throws is logged and the others still run.
     *
     * @param event the event
     */
    public void fireClosed(StreamClosed event) {
        List<Observer<StreamClosed>> observers = closedObservers;
        if (observers == null) {
            synchronized (this) {
                observers = closedObservers;
                if (observers == null) {
                    observers = resolve(event);
                    closedObservers = observers;
                }
            }
        }
        notifyEach(observers, event);
    }

    private static <T> void notifyEach(List<Observer<T>> observers, T event) {
        for (Observer<T> observer : observers) {
            try {
                observer.method().notify(event);
            } catch (RuntimeException e) {
                observer.failures().log(Level.WARNING, () -> String.format(LOG_OBSERVER_FAILED,
                        event.getClass().getSimpleName(), describe(observer.method()), ThrottledLog.brief(e)), e);
            }
        }
    }

    /** Resolves the observers of the event's type, synchronous ones in notification order; logs asynchronous ones. */
    private <T> List<Observer<T>> resolve(T event) {
        List<ObserverMethod<? super T>> all = new ArrayList<>(
                beans.resolveObserverMethods(event, Default.Literal.INSTANCE));
        all.sort(Comparator.comparingInt(ObserverMethod::getPriority));      // stable: keeps the container's order
        List<ObserverMethod<? super T>> async = all.stream().filter(ObserverMethod::isAsync).toList();
        if (!async.isEmpty()) {
            LOG.log(Level.WARNING, String.format(LOG_ASYNC_IGNORED, event.getClass().getSimpleName(),
                    async.stream().map(LifecycleEvents::describe).collect(Collectors.joining("; "))));
        }
        return all.stream().filter(method -> !method.isAsync())
                .map(method -> new Observer<T>(method, new ThrottledLog(LOG, OBSERVER_FAILURE_LOG_INTERVAL)))
                .toList();
    }

    /** Names an observer as the container does, without Weld's {@code [BackedAnnotatedMethod]} prefix. */
    private static String describe(ObserverMethod<?> method) {
        return String.valueOf(method).replaceFirst("^\\[[^\\]]*\\] ", "");
    }

    /** One resolved observer method and the throttle on the lines its failures write. */
    private record Observer<T>(ObserverMethod<? super T> method, ThrottledLog failures) {
    }
}
