package org.smartclinic.gateway.exam;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.device.ManagedDevice;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.security.Roles;

/** {@code /api/stations}: each station with its devices now, its review policy and its open exam. */
@RolesAllowed({Roles.GP, Roles.TECHNICIAN})
@Path("/api/stations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class StationResource {

    /**
     * A station.
     *
     * @param review   {@code auto} (bound readings upload at once) or {@code confirm} (they wait for the GP)
     * @param openExam the exam open there, if any
     */
    public record StationView(String id, String name, String review, List<String> devices, String openExam) {
    }

    @Inject
    DeviceManager devices;

    @Inject
    ExamRecords exams;

    @Inject
    GatewayConfig config;

    @GET
    public List<StationView> list() {
        return devices.stations().stream().map(this::view).toList();
    }

    private StationView view(String id) {
        GatewayConfig.Station s = config.stations().get(id);
        List<String> here = devices.all().stream().map(ManagedDevice::spec).map(spec -> spec.id())
                .filter(d -> id.equals(devices.station(d))).sorted().toList();
        return new StationView(id, s == null ? id : s.name().orElse(id),
                s == null ? "auto" : s.review().strip().toLowerCase(java.util.Locale.ROOT), here,
                exams.openAt(id).map(Exam::id).orElse(null));
    }
}
