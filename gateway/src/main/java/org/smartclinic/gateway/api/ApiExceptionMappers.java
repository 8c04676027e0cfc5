package org.smartclinic.gateway.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.smartclinic.gateway.journal.ExamConflictException;

/** Failures to HTTP answers with an {@link ApiError} body. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return json(e.status(), new ApiError(e.getMessage(), e.hint()));
    }

    @ServerExceptionMapper
    public Response examConflict(ExamConflictException e) {
        return json(Response.Status.CONFLICT, new ApiError(e.getMessage(),
                "POST /api/exams/" + e.openExamId() + "/close, then open the new exam"));
    }

    private static Response json(Response.Status status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
