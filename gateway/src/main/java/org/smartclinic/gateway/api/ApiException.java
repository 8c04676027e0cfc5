package org.smartclinic.gateway.api;

import jakarta.ws.rs.core.Response;

/** A request the API refuses, with the status, the reason and what to do instead. */
public class ApiException extends RuntimeException {

    private final Response.Status status;
    private final String hint;

    public ApiException(Response.Status status, String message, String hint) {
        super(message);
        this.status = status;
        this.hint = hint;
    }

    public static ApiException badRequest(String message, String hint) {
        return new ApiException(Response.Status.BAD_REQUEST, message, hint);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Response.Status.NOT_FOUND, message, null);
    }

    public Response.Status status() {
        return status;
    }

    public String hint() {
        return hint;
    }
}
