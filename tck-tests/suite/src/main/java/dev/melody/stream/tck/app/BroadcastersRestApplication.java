package dev.melody.stream.tck.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application of the {@code SseBroadcasters} test, under {@code /own}: it lists its one resource. */
@ApplicationPath("/own")
public class BroadcastersRestApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OwnSinkResource.class);
    }
}
