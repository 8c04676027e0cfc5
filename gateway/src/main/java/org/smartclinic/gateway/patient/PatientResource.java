package org.smartclinic.gateway.patient;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.common.annotation.Blocking;

import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.journal.PatientRecords;
import org.smartclinic.gateway.security.Roles;

/**
 * {@code /api/patients}: find a patient on the EHR (by identifier, or by family name, given name and birth date),
 * register a new one, show one. Identifier systems are named by the short names of
 * {@code GET /api/patients/systems}.
 */
@RolesAllowed(Roles.GP)
@Path("/api/patients")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PatientResource {

    /** An identifier in a request: {@code system} is a configured short name ({@code snils}) or its URI. */
    public record IdentifierInput(String system, String value) {
    }

    /**
     * {@code POST /api/patients}: {@code {"identifiers": [{"system": "snils", "value": "123-456-789 00"}],
     * "family": "Иванова", "given": "Мария", "birthDate": "1980-05-17", "gender": "female"}}.
     */
    public record RegisterRequest(List<IdentifierInput> identifiers, String family, String given, String birthDate,
            String gender) {
    }

    /** A search's answer: where it came from, and why not the EHR when it was not. */
    public record SearchResponse(String source, String note, List<PatientView> patients) {
    }

    /** A registration's answer. */
    public record RegisterResponse(String source, String note, boolean created, PatientView patient) {
    }

    /** Identifier values: printable, no control characters, at most 64 characters. */
    public static final Pattern IDENTIFIER_VALUE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ./\\-_:#]{0,63}");
    /** Names: letters, spaces, hyphens, apostrophes, dots; at most 100 characters. */
    static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L}\\p{M} '.\\-]{0,99}");
    static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");

    @Inject
    PatientService patients;

    /** The configured identifier systems by short name. */
    @GET
    @Path("/systems")
    public Map<String, String> systems() {
        return patients.systems();
    }

    /**
     * Either {@code system} and {@code value}, or {@code family} and/or {@code given} with {@code birthDate}.
     */
    @GET
    public SearchResponse search(@QueryParam("system") String system, @QueryParam("value") String value,
            @QueryParam("family") String family, @QueryParam("given") String given,
            @QueryParam("birthDate") String birthDate) {
        PatientService.Found found;
        if (system != null || value != null) {
            found = patients.byIdentifier(identifier(new IdentifierInput(system, value)));
        } else {
            String f = Input.optional("family", family, NAME, "letters, spaces, hyphens, apostrophes; at most 100");
            String g = Input.optional("given", given, NAME, "letters, spaces, hyphens, apostrophes; at most 100");
            LocalDate born = birthDate == null ? null : date(birthDate);
            if (born == null || (f == null && g == null)) {
                throw ApiException.badRequest("search by identifier (system and value), or by name and birth date",
                        "e.g. ?system=snils&value=123-456-789%2000 or ?family=Иванова&given=Мария&birthDate=1980-05-17");
            }
            found = patients.byName(f, g, born);
        }
        Map<String, String> names = patients.systemNames();
        return new SearchResponse(found.source(), found.note(),
                found.patients().stream().map(p -> PatientView.of(p, names)).toList());
    }

    @GET
    @Path("/{id}")
    public PatientView get(@PathParam("id") String id) {
        return patients.local(Input.id("id", id)).map(p -> PatientView.of(p, patients.systemNames()))
                .orElseThrow(() -> ApiException.notFound("no patient " + id + " known to this gateway"));
    }

    /**
     * Registers a patient: 201 when created (on the EHR, or here while it is unreachable: {@code source}
     * says which), 200 with the existing patient when one of the identifiers is already known.
     */
    @POST
    public Response register(RegisterRequest r) {
        if (r == null || r.identifiers() == null || r.identifiers().isEmpty()) {
            throw ApiException.badRequest("identifiers are required", "at least one, e.g. {\"system\": \"snils\","
                    + " \"value\": \"123-456-789 00\"}: without one, two gateways could register the same person twice");
        }
        if (r.identifiers().size() > 5) {
            throw ApiException.badRequest("at most 5 identifiers", null);
        }
        List<PatientIdentifier> ids = new ArrayList<>();
        for (IdentifierInput i : r.identifiers()) {
            ids.add(identifier(i));
        }
        String family = Input.required("family", r.family(), NAME, "letters, spaces, hyphens, apostrophes; at most 100");
        String given = Input.optional("given", r.given(), NAME, "letters, spaces, hyphens, apostrophes; at most 100");
        LocalDate born = r.birthDate() == null ? null : date(r.birthDate());
        String gender = r.gender() == null ? null : r.gender().strip();
        if (gender != null && !GENDERS.contains(gender)) {
            throw ApiException.badRequest("gender is not valid", "one of " + GENDERS);
        }
        PatientService.Registration reg = patients.register(new PatientRecords.Details(ids, family, given, born,
                gender));
        PatientView view = PatientView.of(reg.patient(), patients.systemNames());
        RegisterResponse body = new RegisterResponse(reg.source(), reg.note(), reg.created(), view);
        return reg.created() ? Response.created(URI.create("/api/patients/" + view.id())).entity(body).build()
                : Response.ok(body).build();
    }

    PatientIdentifier identifier(IdentifierInput i) {
        if (i == null) {
            throw ApiException.badRequest("identifier is required", "{\"system\": \"snils\", \"value\": \"...\"}");
        }
        String system = patients.system(i.system());
        String value = Input.required("identifier value", i.value(), IDENTIFIER_VALUE,
                "1-64 letters, digits, spaces or . / - _ : #");
        return new PatientIdentifier(system, value);
    }

    static LocalDate date(String text) {
        try {
            LocalDate d = LocalDate.parse(text.strip());
            if (d.isBefore(LocalDate.of(1880, 1, 1)) || d.isAfter(LocalDate.now().plusDays(1))) {
                throw ApiException.badRequest("birthDate is out of range", "a date between 1880 and today");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("birthDate is not a date", "YYYY-MM-DD, e.g. 1980-05-17");
        }
    }
}
