package org.smartclinic.gateway.api;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.smartclinic.gateway.journal.Corrections;
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

    /** An unknown field in a request body: refused, naming the field and the ones allowed. */
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        List<String> known = e.getKnownPropertyIds() == null ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
        return json(Response.Status.BAD_REQUEST, new ApiError("unknown field '" + e.getPropertyName() + "'",
                "allowed fields: " + known));
    }

    /** A body that is not the JSON expected (wrong type, not JSON at all): refused with where, never the value. */
    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String where = e instanceof MismatchedInputException m && !m.getPath().isEmpty()
                ? " at '" + m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : "[" + r.getIndex() + "]").collect(Collectors.joining(".")) + "'" : "";
        return json(Response.Status.BAD_REQUEST, new ApiError("the request body is not valid JSON for this call"
                + where, "see the API documentation for the fields and their types"));
    }

    @ServerExceptionMapper
    public Response refused(Corrections.Refused e) {
        return json(Response.Status.CONFLICT, new ApiError(e.getMessage(), null));
    }

    private static Response json(Response.Status status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
