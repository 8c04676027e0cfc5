package org.smartclinic.gateway.web.gp;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Comparator;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.patient.PatientService;
import org.smartclinic.gateway.security.Roles;
import org.smartclinic.gateway.web.Pages;
import org.smartclinic.gateway.web.Texts;
import org.smartclinic.gateway.web.WebConfig;

/**
 * The GP's pages: {@code /gp} (choose a station), {@code /gp/stations/{station}} (the console: the open-exam form
 * when no exam is open there, else the patient banner, the result tiles, the waveform strip and the exam's actions)
 * and {@code /gp/exams/{id}/labels} (printable sample-id labels). The console's live parts are
 * {@code /static/js/gp/console.js}; these methods render what is known when the page loads. For the GP role only.
 */
@Path("/gp")
@RolesAllowed(Roles.GP)
@Produces(MediaType.TEXT_HTML)
@Blocking
public class GpPages {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
    /** Bars 50 modules high: about 12 mm at a 0.25 mm module, which every label printer's reader takes. */
    private static final int BAR_HEIGHT = 50;

    @Inject
    Pages pages;

    @Inject
    GpStations stations;

    @Inject
    ExamRecords exams;

    @Inject
    PatientService patients;

    @Inject
    WebConfig web;

    @Inject
    @Location("gp/stations.html")
    Template stationsPage;

    @Inject
    @Location("gp/console.html")
    Template consolePage;

    @Inject
    @Location("gp/labels.html")
    Template labelsPage;

    @GET
    public TemplateInstance choose() {
        return pages.page(stationsPage).data("stations", stations.all());
    }

    @GET
    @Path("/stations/{station}")
    public TemplateInstance console(@PathParam("station") String station) {
        GpStations.Station s = stations.get(station).orElseThrow(NotFoundException::new);
        Texts texts = pages.texts();
        List<IdSystem> systems = patients.systems().entrySet().stream().map(e -> new IdSystem(e.getKey(), e.getValue(),
                texts.has("gp.banner.id." + e.getKey()) ? texts.get("gp.banner.id." + e.getKey()) : e.getKey()))
                .sorted(Comparator.comparing(IdSystem::name)).toList();
        return pages.page(consolePage).data("station", s).data("systems", systems);
    }

    /** An identifier system the open-exam form offers: its configured short name ({@code snils}), URI, label. */
    @TemplateData
    public record IdSystem(String name, String uri, String label) {
    }

    /** The type of the exam's identifier in words ({@code СНИЛС}), or null when it has none or is not configured. */
    private String idType(Exam exam) {
        if (exam.patient() == null) {
            return null;
        }
        String name = patients.systemNames().get(exam.patient().system());
        Texts texts = pages.texts();
        return name != null && texts.has("gp.banner.id." + name) ? texts.get("gp.banner.id." + name) : name;
    }

    /** One printable label: the sample id as text and as a Code 128 barcode. */
    @TemplateData
    public record Label(String sampleId, String svg, String issuedAt) {
    }

    @GET
    @Path("/exams/{id}/labels")
    public TemplateInstance labels(@PathParam("id") String id) {
        if (id == null || !id.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new NotFoundException();
        }
        Exam exam = exams.exam(id).orElseThrow(NotFoundException::new);
        var patient = exam.patientId() == null ? null : patients.local(exam.patientId()).orElse(null);
        String labelText = pages.texts().get("gp.labels.barcode");
        List<Label> labels = exams.samples(id).stream().map(s -> new Label(s.id(),
                BarcodeSvg.svg(s.id(), BAR_HEIGHT, labelText + " " + s.id()),
                DATE_TIME.format(s.issuedAt().atZone(web.clinicZone())))).toList();
        return pages.page(labelsPage).data("examId", exam.id()).data("station", exam.station())
                .data("open", exam.isOpen()).data("labels", labels)
                .data("family", patient == null || patient.family() == null ? null
                        : patient.family().toUpperCase(pages.texts().locale()))
                .data("given", patient == null ? null : patient.given())
                .data("born", patient == null || patient.birthDate() == null ? null : DATE.format(patient.birthDate()))
                .data("identifier", exam.patient() == null ? null : exam.patient().value())
                .data("idType", idType(exam))
                .data("opened", DATE_TIME.format(exam.openedAt().atZone(web.clinicZone())));
    }
}
