package org.smartclinic.gateway.device;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.gateway.api.ApiException;

/** {@code /api/devices} and {@code /api/drivers}: the technician's view of instruments and available drivers. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    @Inject
    DeviceManager devices;

    @GET
    @Path("/devices")
    public List<DeviceView> list() {
        return devices.all().stream().map(DeviceView::of).toList();
    }

    @GET
    @Path("/devices/{id}")
    public DeviceView get(@PathParam("id") String id) {
        return devices.get(id).map(DeviceView::of).orElseThrow(() -> ApiException.notFound("no device " + id));
    }

    /** Drivers this build has; a device's {@code driver} must be one of their ids. */
    @GET
    @Path("/drivers")
    public List<DriverView> drivers() {
        return DeviceManager.availableDrivers().stream().map(DriverView::of).toList();
    }

    /** A driver as the API shows it. */
    public record DriverView(String id, String displayName, String family, String serialDefaults, String quietTime) {
        static DriverView of(DriverDescriptor d) {
            return new DriverView(d.id(), d.displayName(), d.family(), d.serialDefaults().toString(),
                    d.quietTime().toString());
        }
    }
}
