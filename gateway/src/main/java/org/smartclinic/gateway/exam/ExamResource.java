package org.smartclinic.gateway.exam;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.journal.Journal;

/** {@code /api/exams}: open, list, show and close exams. */
@Path("/api/exams")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ExamResource {

    @Inject
    ExamService exams;

    @Inject
    Journal journal;

    /** Opens an exam: 201 with the exam; 400 for an unknown station or missing patient; 409 if one is open there. */
    @POST
    public Response open(OpenExamRequest request) {
        ExamView exam = exams.open(request);
        return Response.created(URI.create("/api/exams/" + exam.id())).entity(exam).build();
    }

    @GET
    public List<ExamView> list(@QueryParam("open") @DefaultValue("false") boolean openOnly,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return journal.exams(openOnly, Math.clamp(limit, 1, 1000)).stream().map(ExamView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ExamView get(@PathParam("id") String id) {
        return journal.exam(id).map(ExamView::of).orElseThrow(() -> ApiException.notFound("no exam " + id));
    }

    /** Closes the exam (idempotent): later readings of its station stay unassigned. */
    @POST
    @Path("/{id}/close")
    public ExamView close(@PathParam("id") String id) {
        return exams.close(id);
    }
}
