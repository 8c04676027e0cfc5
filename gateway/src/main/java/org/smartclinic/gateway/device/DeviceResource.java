package org.smartclinic.gateway.device;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.journal.Placements;
import org.smartclinic.gateway.journal.DeviceRecords;
import org.smartclinic.gateway.security.Roles;

/**
 * {@code /api/devices} and {@code /api/drivers}: the technician's view of instruments (including misconfigured
 * ones, with what to change), their streamed-waveform summaries, stop/start/restart, the driver catalogue, and
 * the runtime registry: add, edit, remove and probe instruments without restarting the gateway
 * ({@link DeviceRegistry}, {@link DeviceProbe}).
 */
@RolesAllowed(Roles.TECHNICIAN)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DeviceResource {

    /** Who makes a change: the logged-in staff member (a body\'s {@code by} is ignored). */
    @Inject
    SecurityIdentity identity;

    @Inject
    DeviceManager devices;

    @Inject
    DeviceRecords records;

    @Inject
    Placements placementRecords;

    @Inject
    DeviceRegistry registry;

    @Inject
    DeviceProbe prober;

    @GET
    @Path("/devices")
    @RolesAllowed({Roles.TECHNICIAN, Roles.GP})
    public List<DeviceView> list() {
        List<DeviceView> out = new ArrayList<>(devices.all().stream().map(this::view).toList());
        devices.misconfigured().forEach(i -> out.add(DeviceView.of(i, source(i.id()))));
        out.sort(Comparator.comparing(DeviceView::id));
        return out;
    }

    @GET
    @Path("/devices/{id}")
    @RolesAllowed({Roles.TECHNICIAN, Roles.GP})
    public DeviceView get(@PathParam("id") String id) {
        return devices.get(id).map(this::view)
                .or(() -> devices.misconfigured().stream().filter(i -> i.id().equals(id)).findFirst()
                        .map(i -> DeviceView.of(i, source(id))))
                .orElseThrow(() -> ApiException.notFound("no device " + id));
    }

    /** Adds an instrument ({@link DeviceRequest}) and starts it; kept in the journal, so it outlives restarts. */
    @POST
    @Path("/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(DeviceRequest body) {
        registry.add(body, actor());
        return Response.status(Response.Status.CREATED).entity(get(body.id().strip())).build();
    }

    /** Replaces an API-added instrument's settings and restarts it with them. */
    @PUT
    @Path("/devices/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeviceView edit(@PathParam("id") String id, DeviceRequest body) {
        registry.update(id, body, actor());
        return get(id);
    }

    /** The settings an API-added instrument was saved with (the edit form starts from them). */
    @GET
    @Path("/devices/{id}/registration")
    public DeviceRequest registration(@PathParam("id") String id) {
        return registry.request(id);
    }

    /** Stops and removes an API-added instrument; its readings and captures stay in the journal. */
    @DELETE
    @Path("/devices/{id}")
    public Map<String, String> remove(@PathParam("id") String id) {
        registry.remove(id, actor());
        return Map.of("removed", id);
    }

    /**
     * Opens a not yet saved instrument's transport for at most {@code seconds} (1-10, default 5) and returns the
     * first frames, the values its driver decodes from them (nothing is stored), or the error in words.
     */
    @POST
    @Path("/devices/probe")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeviceProbe.Result probe(DeviceRequest body, @QueryParam("seconds") @DefaultValue("5") int seconds) {
        DeviceRequest named = body != null && (body.id() == null || body.id().isBlank()) ? body.withId("probe") : body;
        DeviceSpec spec = DeviceRequests.spec(named, devices.brokers());
        return prober.probe(spec, Duration.ofSeconds(Math.clamp(seconds, 1, DeviceProbe.MAX.toSeconds())));
    }

    /**
     * Probes a registered instrument with its saved settings. It must be stopped first: the probe needs the port to
     * itself, and a running device's link would take its frames.
     */
    @POST
    @Path("/devices/{id}/probe")
    public DeviceProbe.Result probeRegistered(@PathParam("id") String id,
            @QueryParam("seconds") @DefaultValue("5") int seconds) {
        ManagedDevice d = devices.get(id).orElseThrow(() -> ApiException.notFound("no device " + id));
        if (d.running()) {
            throw new ApiException(Response.Status.CONFLICT, "device " + id + " is running",
                    "stop it first: the probe needs its port to itself; start it again afterwards");
        }
        return prober.probe(d.spec(), Duration.ofSeconds(Math.clamp(seconds, 1, DeviceProbe.MAX.toSeconds())));
    }

    /** Opens a stopped instrument's connection. */
    @POST
    @Path("/devices/{id}/start")
    public DeviceView start(@PathParam("id") String id) {
        requireDevice(id);
        devices.startDevice(id);
        return get(id);
    }

    /** Summaries of what the device streamed (waveforms go live only; the journal keeps these). */
    @GET
    @Path("/devices/{id}/streams")
    public List<DeviceRecords.StreamSegment> streams(@PathParam("id") String id,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        requireDevice(id);
        return records.segments(id, Math.clamp(limit, 1, 500));
    }

    /** Closes the device's connection until it is started again. */
    @POST
    @Path("/devices/{id}/stop")
    public DeviceView stop(@PathParam("id") String id) {
        requireDevice(id);
        devices.stop(id);
        return get(id);
    }

    /** (Re)opens the device's connection, e.g. after it was stopped or its converter was replaced. */
    @POST
    @Path("/devices/{id}/restart")
    public DeviceView restart(@PathParam("id") String id) {
        requireDevice(id);
        devices.restart(id);
        return get(id);
    }

    /**
     * Moves the device to another station now: {@code {"station": "room-2", "reason": "...", "by": "..."}}.
     * Readings are judged by the station the device was at when it measured; the move is recorded with its time.
     */
    @PUT
    @Path("/devices/{id}/station")
    public Placements.Placement move(@PathParam("id") String id, MoveRequest body) {
        requireDevice(id);
        MoveRequest r = body == null ? new MoveRequest(null, null) : body;
        String station = Input.id("station", r.station());
        if (!devices.stations().contains(station)) {
            throw ApiException.badRequest("no station " + station, "known stations: " + devices.stations()
                    + "; new ones are configured with smartclinic.stations.<id>.name");
        }
        if (station.equals(devices.station(id))) {
            throw new ApiException(Response.Status.CONFLICT, "device " + id + " is already at "
                    + station, null);
        }
        return devices.move(id, station, identity.getPrincipal().getName(), Input.text("reason", r.reason(), 500, true));
    }

    /** Where the device has been, oldest first. */
    @GET
    @Path("/devices/{id}/placements")
    public List<Placements.Placement> placements(@PathParam("id") String id) {
        requireDevice(id);
        return placementRecords.history(id);
    }

    /** {@code PUT /api/devices/{id}/station} body. */
    public record MoveRequest(String station, String reason) {
    }

    private DeviceView view(ManagedDevice d) {
        return DeviceView.of(d, devices.station(d.spec().id()), devices.clock(d.spec().id()).orElse(null),
                source(d.spec().id()));
    }

    private String source(String id) {
        return devices.isRuntime(id) ? "api" : "config";
    }

    /** Who makes a change: the logged-in person. */
    private String actor() {
        return identity.getPrincipal().getName();
    }

    private void requireDevice(String id) {
        if (devices.get(id).isEmpty()) {
            throw ApiException.notFound("no device " + id);
        }
    }

    /** Drivers this build has; a device's {@code driver} must be one of their ids. */
    @GET
    @Path("/drivers")
    public List<DriverView> drivers() {
        return DeviceManager.availableDrivers().stream().map(DriverView::of).toList();
    }
}
