package dev.melody.stream.tck.app.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * {@code GET /secure/whoami}, protected like the stream paths: who the container authenticated and which of the
 * application's roles they have, as plain-text {@code key=value} lines ({@code user=}, {@code role.user=},
 * {@code role.operator=}). Shows that the server's identity store and role mapping are what the stream cases
 * expect, apart from the library.
 */
@WebServlet("/secure/whoami")
public class WhoAmIServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The role every test user has. */
    public static final String USER_ROLE = "user";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal principal = request.getUserPrincipal();
        String body = "user=" + (principal == null ? "" : principal.getName())
                + "\nrole." + USER_ROLE + "=" + request.isUserInRole(USER_ROLE)
                + "\nrole." + OwnTopicAuthorizer.OPERATOR_ROLE + "="
                + request.isUserInRole(OwnTopicAuthorizer.OPERATOR_ROLE) + "\n";
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
