package org.smartclinic.gateway.invite;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.security.Roles;

/**
 * {@code /api/exams/{examId}/invites}: the GP invites a remote specialist to watch one exam, read-only, through a
 * link; lists the exam's invites and who used each, when, and whether they were let in.
 */
@Path("/api/exams/{examId}/invites")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.GP)
public class ExamInviteResource {

    /**
     * Body of {@code POST}: {@code label} the specialist's name or e-mail (1-200 characters); the validity in
     * minutes, or in seconds (for short tests), within {@code smartclinic.invites.min-validity} and
     * {@code max-validity}; absent: {@code default-validity}. The inviting GP is the one logged in.
     */
    public record CreateRequest(String label, Integer validityMinutes, Integer validitySeconds) {
    }

    @Inject
    InviteService invites;

    @Inject
    ExamRecords exams;

    @Inject
    SecurityIdentity identity;

    @Context
    UriInfo uri;

    /** 201 with the invite and its link; 400 for a missing label or a validity out of bounds; 404 for no exam. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("examId") String examId, CreateRequest body) {
        Exam exam = exam(examId);
        CreateRequest r = body == null ? new CreateRequest(null, null, null) : body;
        String label = Input.text("label", r.label(), 200, true);
        Invites.Invite invite = invites.create(exam, label, validity(r), Actors.of(identity));
        InviteView view = InviteView.of(invite, invites.now(), Links.url(invites, uri, invite));
        return Response.created(URI.create("/api/exams/" + exam.id() + "/invites/" + invite.id())).entity(view)
                .build();
    }

    /** The exam's invites, newest first. */
    @GET
    public List<InviteView> list(@PathParam("examId") String examId) {
        Exam exam = exam(examId);
        return invites.store().forExam(exam.id()).stream()
                .map(i -> InviteView.of(i, invites.now(), Links.url(invites, uri, i))).toList();
    }

    /** Every use of the invite's link, granted or refused, oldest first: the GP's audit trail. */
    @GET
    @Path("/{inviteId}/accesses")
    public List<Invites.Access> accesses(@PathParam("examId") String examId, @PathParam("inviteId") String inviteId) {
        Exam exam = exam(examId);
        Invites.Invite invite = invites.store().get(Input.id("invite id", inviteId))
                .filter(i -> i.examId().equals(exam.id()))
                .orElseThrow(() -> ApiException.notFound("no invite " + inviteId + " to exam " + examId));
        return invites.store().accesses(invite.id());
    }

    private Duration validity(CreateRequest r) {
        InviteConfig c = invites.config();
        if (r.validityMinutes() != null && r.validitySeconds() != null) {
            throw ApiException.badRequest("give validityMinutes or validitySeconds, not both", null);
        }
        Duration d = r.validityMinutes() != null ? Duration.ofMinutes(r.validityMinutes())
                : r.validitySeconds() != null ? Duration.ofSeconds(r.validitySeconds()) : c.defaultValidity();
        if (d.compareTo(c.minValidity()) < 0 || d.compareTo(c.maxValidity()) > 0) {
            throw ApiException.badRequest("validity must be between " + c.minValidity().toMinutes() + " and "
                    + c.maxValidity().toMinutes() + " minutes", "smartclinic.invites.min-validity and max-validity"
                    + " set the bounds");
        }
        return d;
    }

    private Exam exam(String id) {
        return exams.exam(Input.id("exam id", id)).orElseThrow(() -> ApiException.notFound("no exam " + id));
    }
}
