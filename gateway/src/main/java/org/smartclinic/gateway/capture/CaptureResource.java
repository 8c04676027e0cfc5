package org.smartclinic.gateway.capture;

import java.time.Instant;
import java.util.HexFormat;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
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

import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.journal.Captures;
import org.smartclinic.gateway.security.Roles;

/**
 * The raw-capture store for staff: the exact bytes a reading came from (or a rejected input), printable with
 * control characters named, as hex, as a download, and decoded again by a fresh instance of the device's driver
 * (a dry run: nothing is stored), e.g. to check what a new driver version or code table makes of it.
 */
@RolesAllowed(Roles.TECHNICIAN)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CaptureResource {

    /** Captures larger than this are shown truncated in JSON; the download is always whole. */
    private static final int SHOWN_BYTES = 64 * 1024;

    @Inject
    Captures captures;

    @Inject
    DeviceManager devices;

    @Inject
    CaptureDecoder decoder;

    /** A capture without its bytes. */
    public record CaptureSummary(long id, String device, String kind, Instant receivedAt, int size, String note) {
        static CaptureSummary of(Captures.Capture c) {
            return new CaptureSummary(c.id(), c.deviceId(), c.kind(), c.receivedAt(), c.size(), c.note());
        }
    }

    /** A capture with its bytes, printable and as hex (both cut at 64 KiB; download for the rest). */
    public record CaptureView(CaptureSummary capture, String printable, String hex, boolean truncated) {
    }

    @GET
    @Path("/devices/{id}/captures")
    public List<CaptureSummary> list(@PathParam("id") String device, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (devices.get(device).isEmpty()) {
            throw ApiException.notFound("no device " + device);
        }
        return captures.list(device, Math.clamp(limit, 1, 1000)).stream().map(CaptureSummary::of).toList();
    }

    @GET
    @Path("/captures/{id}")
    public CaptureView get(@PathParam("id") long id) {
        Captures.Capture c = find(id);
        int shown = Math.min(c.bytes().length, SHOWN_BYTES);
        return new CaptureView(CaptureSummary.of(c), Printable.of(c.bytes(), 0, shown, shown),
                HexFormat.ofDelimiter(" ").formatHex(c.bytes(), 0, shown), shown < c.bytes().length);
    }

    @GET
    @Path("/captures/{id}/raw")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response raw(@PathParam("id") long id) {
        Captures.Capture c = find(id);
        return Response.ok(c.bytes()).header("Content-Disposition",
                "attachment; filename=\"" + c.deviceId() + "-capture-" + c.id() + ".bin\"").build();
    }

    /**
     * A device's traffic as one replayable file (see {@link CaptureExport}): its reading captures (and rejected
     * input with {@code rejected=true}) received since {@code since} (ISO-8601; default: all kept), oldest first, at
     * most {@code max-bytes} (default and cap 16 MiB). {@code framing=astm} (default) writes ASTM messages as whole
     * transmissions; {@code framing=as-stored} adds nothing.
     */
    @GET
    @Path("/devices/{id}/captures/export")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response export(@PathParam("id") String device, @QueryParam("since") String since,
            @QueryParam("rejected") @DefaultValue("false") boolean rejected,
            @QueryParam("framing") @DefaultValue("astm") String framing,
            @QueryParam("max-bytes") @DefaultValue("16777216") long maxBytes) {
        if (devices.get(device).isEmpty()) {
            throw ApiException.notFound("no device " + device);
        }
        CaptureExport.Framing how = switch (framing) {
            case "astm" -> CaptureExport.Framing.ASTM;
            case "as-stored" -> CaptureExport.Framing.AS_STORED;
            default -> throw ApiException.badRequest("framing must be astm or as-stored", "leave it out for astm");
        };
        Instant from = Instant.EPOCH;
        if (since != null) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("since must be an ISO-8601 instant such as 2026-12-03T09:00:00Z",
                        "leave it out to export every capture kept");
            }
        }
        Set<String> kinds = rejected ? Set.of(Captures.KIND_READING, Captures.KIND_REJECTED)
                : Set.of(Captures.KIND_READING);
        List<Captures.Capture> found = captures.export(device, kinds, from, Math.clamp(maxBytes, 1, 16L << 20));
        return Response.ok(CaptureExport.join(found, how)).header("Content-Disposition",
                "attachment; filename=\"" + device + "-captures.bin\"").header("X-Capture-Count", found.size()).build();
    }

    /** Decodes the capture again with a fresh driver of its device; stores nothing. */
    @POST
    @Path("/captures/{id}/decode")
    public CaptureDecoder.Decoded decode(@PathParam("id") long id) {
        Captures.Capture c = find(id);
        return decoder.decode(c).orElseThrow(() -> ApiException.badRequest("device " + c.deviceId()
                + " is no longer registered", "its driver is needed to decode the capture"));
    }

    private Captures.Capture find(long id) {
        return captures.get(id).orElseThrow(() -> ApiException.notFound("no capture " + id
                + " (it may have expired: see smartclinic.capture.max-size and max-age)"));
    }
}
