package org.smartclinic.gateway.reading;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.journal.Journal;

/** {@code /api/readings}: recent readings, newest first. */
@Path("/api/readings")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ReadingResource {

    @Inject
    Journal journal;

    /**
     * @param binding {@code bound} or {@code unassigned} to filter; absent for all
     */
    @GET
    public List<ReadingView> list(@QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("device") String device, @QueryParam("exam") String exam,
            @QueryParam("binding") String binding) {
        Boolean bound = switch (binding == null ? "" : binding.toLowerCase(java.util.Locale.ROOT)) {
            case "" -> null;
            case "bound" -> true;
            case "unassigned" -> false;
            default -> throw ApiException.badRequest("binding must be 'bound' or 'unassigned': " + binding, null);
        };
        return journal.readings(new Journal.ReadingQuery(Math.clamp(limit, 1, 1000), device, exam, bound)).stream()
                .map(ReadingView::of).toList();
    }

    @GET
    @Path("/{id}")
    public ReadingView get(@PathParam("id") long id) {
        return journal.reading(id).map(ReadingView::of).orElseThrow(() -> ApiException.notFound("no reading " + id));
    }
}
