package dev.melody.stream.tck.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** An application's own JAX-RS application that lists its classes, under {@code /api}: it names only its own. */
@ApplicationPath("/api")
public class ListingRestApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(EchoResource.class);
    }
}
