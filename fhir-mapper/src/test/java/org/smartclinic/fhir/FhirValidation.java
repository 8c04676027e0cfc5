package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain.CacheConfiguration;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;

/**
 * The test JVM's one HAPI instance validator, used as an assertion: {@link #assertNoErrors} fails listing every
 * ERROR and FATAL message with its location. Built on first use (about 7 s, then 30-40 ms per resource), so all
 * test classes share the warm-up.
 *
 * <p>Chain: core R4 definitions, common code systems (UCUM, languages, ...), in-memory value set expansion,
 * snapshot generation for profiles without one. Caching is the chain's own ({@link CacheConfiguration}; HAPI 8
 * deprecated the separate CachingValidationSupport in its favour). Offline, so LOINC and MDC codes cannot be
 * checked: the validator reports those as warnings, which this helper does not fail on.
 */
final class FhirValidation {

    private FhirValidation() {
    }

    /** Validates {@code resource} (and the profiles in its meta.profile, plus {@code profiles}). */
    static ValidationResult validate(IBaseResource resource, String... profiles) {
        ValidationOptions options = new ValidationOptions();
        for (String profile : profiles) {
            options.addProfile(profile);
        }
        return Holder.VALIDATOR.validateWithResult(resource, options);
    }

    /** Fails unless {@code resource} validates without ERROR or FATAL messages. */
    static void assertNoErrors(IBaseResource resource, String... profiles) {
        List<SingleValidationMessage> errors = errors(validate(resource, profiles));
        if (!errors.isEmpty()) {
            fail("%s has %d validation error(s)%s:%n%s%n%nResource:%n%s", resource.fhirType(), errors.size(),
                    profiles.length == 0 ? "" : " against " + List.of(profiles), format(errors),
                    FhirContexts.r4().newJsonParser().setPrettyPrint(true).encodeResourceToString(resource));
        }
    }

    static List<SingleValidationMessage> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    static String format(List<SingleValidationMessage> messages) {
        return messages.stream()
                .map(m -> "  " + m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static final class Holder {
        static final FhirValidator VALIDATOR = create();

        private static FhirValidator create() {
            FhirContext context = FhirContexts.r4();
            ValidationSupportChain chain = new ValidationSupportChain(CacheConfiguration.defaultValues(),
                    new DefaultProfileValidationSupport(context),
                    new CommonCodeSystemsTerminologyService(context),
                    new InMemoryTerminologyServerValidationSupport(context),
                    new SnapshotGeneratingValidationSupport(context));
            FhirValidator validator = context.newValidator();
            validator.registerValidatorModule(new FhirInstanceValidator(chain));
            return validator;
        }
    }
}
