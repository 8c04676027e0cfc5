package org.smartclinic.gateway.exam;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.security.Roles;

/** {@code /api/exams}: open, list, show and close exams; issue sample ids. */
@RolesAllowed(Roles.GP)
@Path("/api/exams")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ExamResource {

    /** {@code POST /api/exams/{id}/close} body (optional): the GP's conclusion, at most 4000 characters. */
    public record CloseRequest(String conclusion) {
    }

    /** {@code POST /api/exams/{id}/samples} body: how many sample ids to issue (default 1). */
    public record SamplesRequest(Integer count) {
    }

    @Inject
    ExamService service;

    @Inject
    ExamRecords exams;

    @Inject
    GatewayConfig config;

    /**
     * Opens an exam: 201 with the exam; 400 for an unknown station or patient; 409 if one is open there.
     */
    @POST
    public Response open(OpenExamRequest request) {
        ExamView exam = service.open(request);
        return Response.created(URI.create("/api/exams/" + exam.id())).entity(exam).build();
    }

    @GET
    public List<ExamView> list(@QueryParam("open") @DefaultValue("false") boolean openOnly,
            @QueryParam("station") String station, @QueryParam("limit") @DefaultValue("50") int limit) {
        return exams.list(openOnly, station == null ? null : Input.id("station", station), Math.clamp(limit, 1, 1000))
                .stream().map(ExamView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ExamView get(@PathParam("id") String id) {
        return ExamView.of(exam(id));
    }

    /** Closes the exam (idempotent) with the GP's conclusion: readings measured later are not its own. */
    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    public ExamView close(@PathParam("id") String id, CloseRequest body) {
        exam(id);
        return service.close(id, Input.text("conclusion", body == null ? null : body.conclusion(), 4000, false));
    }

    /** Closes the exam without a conclusion (a request with no JSON body). */
    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.WILDCARD)
    public ExamView closeWithoutConclusion(@PathParam("id") String id) {
        return close(id, null);
    }

    /** Issues sample ids for labels (open or closed exam): a lab result carrying one binds to this exam. */
    @POST
    @Path("/{id}/samples")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issueSamples(@PathParam("id") String id, SamplesRequest body) {
        exam(id);
        int max = config.exams().maxSamplesPerRequest();
        int count = body == null || body.count() == null ? 1 : body.count();
        if (count < 1 || count > max) {
            throw ApiException.badRequest("count must be 1-" + max, null);
        }
        List<ExamRecords.Sample> issued = exams.issueSamples(id, count).join();
        return Response.status(Response.Status.CREATED).entity(Map.of("samples", issued)).build();
    }

    /** Issues one sample id (a request with no JSON body). */
    @POST
    @Path("/{id}/samples")
    @Consumes(MediaType.WILDCARD)
    public Response issueOneSample(@PathParam("id") String id) {
        return issueSamples(id, null);
    }

    @GET
    @Path("/{id}/samples")
    public List<ExamRecords.Sample> samples(@PathParam("id") String id) {
        exam(id);
        return exams.samples(id);
    }

    private Exam exam(String id) {
        return exams.exam(Input.id("exam id", id)).orElseThrow(() -> ApiException.notFound("no exam " + id));
    }
}
