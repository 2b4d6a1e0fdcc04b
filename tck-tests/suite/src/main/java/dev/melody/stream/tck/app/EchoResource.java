package dev.melody.stream.tck.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The application's own REST resource, to show that its JAX-RS application keeps working beside the library's. */
@Path("echo")
public class EchoResource {

    /** The answer. */
    public static final String ANSWER = "echo ok";

    /**
     * Answers.
     *
     * @return {@value #ANSWER}
     */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String echo() {
        return ANSWER;
    }
}
