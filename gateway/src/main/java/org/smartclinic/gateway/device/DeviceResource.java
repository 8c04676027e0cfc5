package org.smartclinic.gateway.device;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.journal.Placements;
import org.smartclinic.gateway.journal.DeviceRecords;
import org.smartclinic.gateway.security.Roles;

/**
 * {@code /api/devices} and {@code /api/drivers}: the technician's view of instruments (including misconfigured
 * ones, with what to change), their streamed-waveform summaries, stop/start/restart, and the driver catalogue.
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

    @GET
    @Path("/devices")
    @RolesAllowed({Roles.TECHNICIAN, Roles.GP})
    public List<DeviceView> list() {
        List<DeviceView> out = new ArrayList<>(devices.all().stream().map(this::view).toList());
        devices.misconfigured().forEach(i -> out.add(DeviceView.of(i)));
        out.sort(Comparator.comparing(DeviceView::id));
        return out;
    }

    @GET
    @Path("/devices/{id}")
    @RolesAllowed({Roles.TECHNICIAN, Roles.GP})
    public DeviceView get(@PathParam("id") String id) {
        return devices.get(id).map(this::view)
                .or(() -> devices.misconfigured().stream().filter(i -> i.id().equals(id)).findFirst()
                        .map(DeviceView::of))
                .orElseThrow(() -> ApiException.notFound("no device " + id));
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
            throw new ApiException(jakarta.ws.rs.core.Response.Status.CONFLICT, "device " + id + " is already at "
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
        return DeviceView.of(d, devices.station(d.spec().id()), devices.clock(d.spec().id()).orElse(null));
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

    /** A driver as the API shows it: what it is, its transports and defaults, and the options it takes. */
    public record DriverView(String id, String displayName, String family, String shape, List<String> transports,
            String serialDefaults, String quietTime, List<DriverOption> options) {
        static DriverView of(DriverDescriptor d) {
            return new DriverView(d.id(), d.displayName(), d.family(), d.streams() ? "stream" : "message",
                    d.transports().stream().map(Object::toString).sorted().toList(),
                    d.serialDefaults() == null ? null : d.serialDefaults().toString(), d.quietTime().toString(),
                    d.options());
        }
    }
}
