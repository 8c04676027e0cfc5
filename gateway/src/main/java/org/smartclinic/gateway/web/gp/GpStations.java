package org.smartclinic.gateway.web.gp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.TemplateData;

import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.device.ManagedDevice;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;

/**
 * The stations as the GP pages show them: name, review policy, the instruments there now, the open exam. The same
 * facts as {@code GET /api/stations}, read here so the pages render without a round trip to their own API.
 */
@ApplicationScoped
public class GpStations {

    /**
     * One station.
     *
     * @param review   {@code auto} or {@code confirm} (the GP confirms each reading before it is sent)
     * @param openExam the exam open there, or null
     */
    @TemplateData
    public record Station(String id, String name, String review, List<String> devices, String openExam) {

        public boolean confirms() {
            return "confirm".equals(review);
        }
    }

    @Inject
    DeviceManager devices;

    @Inject
    GatewayConfig config;

    @Inject
    ExamRecords exams;

    public List<Station> all() {
        return devices.stations().stream().sorted().map(this::view).toList();
    }

    public Optional<Station> get(String id) {
        return devices.stations().contains(id) ? Optional.of(view(id)) : Optional.empty();
    }

    private Station view(String id) {
        GatewayConfig.Station s = config.stations().get(id);
        List<String> here = devices.all().stream().map(ManagedDevice::spec).map(spec -> spec.id())
                .filter(d -> id.equals(devices.station(d))).sorted().toList();
        String review = s == null ? "auto" : s.review().strip().toLowerCase(Locale.ROOT);
        return new Station(id, s == null ? id : s.name().orElse(id), review, here,
                exams.openAt(id).map(Exam::id).orElse(null));
    }
}
