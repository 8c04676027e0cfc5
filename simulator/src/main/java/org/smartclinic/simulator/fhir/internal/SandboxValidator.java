package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * HAPI's {@link FhirInstanceValidator} over the R4 core definitions, UCUM (org.fhir:ucum via
 * {@link CommonCodeSystemsTerminologyService}) and in-memory value sets, with the chain's caching. Offline, LOINC is
 * "unknown" and narrative-less resources break dom-6: both are warnings and tolerated; only ERROR and FATAL reject.
 * Vital-signs Observations are also validated against the profile their LOINC code calls for.
 * <p>
 * The first validation loads and snapshots the definitions (about 5-7 s); {@link #warmUp()} does that on a
 * background thread at start-up, and {@link #validate} waits for it instead of doing it a second time.
 */
public final class SandboxValidator implements ResourceValidator {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxValidator.class);

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();

    public SandboxValidator(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        ValidationSupportChain support = new ValidationSupportChain(
                ValidationSupportChain.CacheConfiguration.defaultValues(),
                new DefaultProfileValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext));
        this.validator = fhirContext.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    /** Validates one sample of every resource type and vital-signs profile; completes {@link #warmedUp()}. */
    public void warmUp() {
        long started = System.nanoTime();
        try {
            for (Resource sample : WarmupSamples.all()) {
                issues(sample);
            }
            warmedUp.complete(null);
            LOG.info("FHIR validator warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | Error e) {
            warmedUp.completeExceptionally(e);
            throw e;
        }
    }

    public CompletableFuture<Void> warmedUp() {
        return warmedUp;
    }

    @Override
    public List<ValidationIssue> validate(Resource resource) {
        warmedUp.handle((ignored, failure) -> null).join();
        return issues(resource);
    }

    @Override
    public List<ValidationIssue> checkBody(String body) {
        return ParseIssueCollector.check(fhirContext, body);
    }

    private List<ValidationIssue> issues(Resource resource) {
        ValidationOptions options = new ValidationOptions();
        if (resource instanceof Observation observation) {
            VitalSignsProfiles.profilesFor(observation).forEach(options::addProfile);
        }
        List<ValidationIssue> issues = new ArrayList<>();
        for (SingleValidationMessage message : validator.validateWithResult(resource, options).getMessages()) {
            if (message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL) {
                issues.add(new ValidationIssue(message.getSeverity() == ResultSeverityEnum.FATAL,
                        message.getLocationString(), message.getMessage()));
            }
        }
        return issues;
    }
}
