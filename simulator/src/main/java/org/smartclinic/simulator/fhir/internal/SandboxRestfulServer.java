package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.r4.model.Resource;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * HAPI's plain {@link RestfulServer} wired to the sandbox: one provider per hosted type, the transaction endpoint,
 * JSON by default, and paging like a HAPI JPA server's defaults (20 per page, at most 200, next links served from
 * memory for the last 100 searches).
 */
public final class SandboxRestfulServer extends RestfulServer {

    @Serial
    private static final long serialVersionUID = 1L;

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAXIMUM_PAGE_SIZE = 200;
    private static final int REMEMBERED_SEARCHES = 100;

    public SandboxRestfulServer(FhirContext fhirContext, TransactionEngine engine, ResourceValidator validator) {
        super(fhirContext);
        setServerName("Smart Mini-Clinic FHIR sandbox");
        setDefaultResponseEncoding(EncodingEnum.JSON);
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(REMEMBERED_SEARCHES);
        paging.setDefaultPageSize(DEFAULT_PAGE_SIZE);
        paging.setMaximumPageSize(MAXIMUM_PAGE_SIZE);
        setPagingProvider(paging);
        setResourceProviders(providers(fhirContext, engine, validator));
        registerProvider(new SandboxSystemProvider(engine, validator));
        registerInterceptor(new CapabilityStatementCustomizer(engine.store().parameters()));
        registerInterceptor(new DateHeaderInterceptor());
    }

    private static List<IResourceProvider> providers(FhirContext fhirContext, TransactionEngine engine,
                                                     ResourceValidator validator) {
        List<IResourceProvider> providers = new ArrayList<>();
        for (String typeName : engine.store().parameters().resourceTypes()) {
            Class<? extends Resource> type = fhirContext.getResourceDefinition(typeName).getImplementingClass()
                    .asSubclass(Resource.class);
            providers.add(provider(type, typeName, engine, validator));
        }
        return providers;
    }

    private static <T extends Resource> IResourceProvider provider(Class<T> type, String typeName,
                                                                   TransactionEngine engine,
                                                                   ResourceValidator validator) {
        return new SandboxResourceProvider<>(type, typeName, engine, validator);
    }
}
