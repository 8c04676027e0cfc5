package org.smartclinic.gateway.device;

import java.util.ArrayList;
import java.util.Comparator;
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

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.journal.DeviceRecords;

/**
 * {@code /api/devices} and {@code /api/drivers}: the technician's view of instruments (including misconfigured
 * ones, with what to change), their streamed-waveform summaries, stop/start/restart, and the driver catalogue.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DeviceResource {

    @Inject
    DeviceManager devices;

    @Inject
    DeviceRecords records;

    @GET
    @Path("/devices")
    public List<DeviceView> list() {
        List<DeviceView> out = new ArrayList<>(devices.all().stream().map(DeviceView::of).toList());
        devices.misconfigured().forEach(i -> out.add(DeviceView.of(i)));
        out.sort(Comparator.comparing(DeviceView::id));
        return out;
    }

    @GET
    @Path("/devices/{id}")
    public DeviceView get(@PathParam("id") String id) {
        return devices.get(id).map(DeviceView::of)
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
