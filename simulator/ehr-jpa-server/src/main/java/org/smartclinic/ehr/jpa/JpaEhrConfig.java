package org.smartclinic.ehr.jpa;

import java.util.Properties;

import javax.sql.DataSource;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.persistence.EntityManagerFactory;

import org.apache.commons.dbcp2.BasicDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The Spring wiring of the JPA server: HAPI's own R4 JPA configuration plus the few beans HAPI leaves to the
 * application (database, entity manager, transactions, storage settings, the REST servlet).
 *
 * <h2>Settings, chosen to behave like a stock production HAPI FHIR JPA server</h2>
 * <ul>
 *   <li><b>Client-assigned ids: {@code ALPHANUMERIC}</b> (HAPI's default). A client may PUT a resource under an id
 *       of its own as long as it is not purely numeric ({@code PUT AuditEvent/gw1-abc} creates it); the server keeps
 *       minting numeric ids for POSTs. {@code ANY} would force UUID server ids and is not what EHRs usually run.</li>
 *   <li><b>Referential integrity on write and on delete: ON</b> (default). A reference to a resource that does not
 *       exist is refused, as a strict EHR would, and a resource still referenced cannot be deleted.</li>
 *   <li><b>Auto-create of placeholder reference targets: OFF</b> (default): a dangling reference is an error, not a
 *       silently invented stub.</li>
 *   <li><b>{@code allowMultipleDelete}: OFF</b> (default): a conditional delete matching several resources fails.</li>
 *   <li><b>Paging</b>: HAPI's database-backed paging provider with its default page sizes.</li>
 *   <li><b>Search parameters</b>: every built-in R4 search parameter is indexed ({@code identifier}, {@code subject},
 *       {@code encounter}, {@code code}, {@code date}, chains ...); missing-field indexing stays at its default (off).</li>
 *   <li><b>Mass-ingestion mode: OFF</b> (default): every write updates its indexes in its own transaction.</li>
 *   <li><b>Validation: OFF</b>. No request or repository validating interceptor is registered, so the server stores
 *       whatever parses as structurally valid FHIR, as a stock HAPI server does. Tests that care about profiles
 *       validate on their side.</li>
 *   <li><b>Cached search results: never reused</b> ({@code reuseCachedSearchResultsForMillis = null}). HAPI reuses the
 *       result of an identical search for one minute by default, which would hide a resource written right after a
 *       first, empty search: tests read right after writing.</li>
 *   <li><b>Read-your-writes</b>: a write commits before the server answers it, and with the cache above off every
 *       search runs against the database again, so a search sent after a write's response sees that write
 *       (JpaEhrServerIT checks it). Paging and pre-fetch thresholds stay at their defaults.</li>
 *   <li><b>Full-text (Hibernate Search / Lucene): OFF</b> ({@code hibernate.search.enabled=false}, like the HAPI
 *       starter's default): {@code _content}/{@code _text} are unsupported; nothing else needs it.</li>
 *   <li><b>Narratives</b>: not generated (the server stores what it is sent).</li>
 *   <li><b>Not registered</b>: subscriptions matching, MDM, bulk import/export and other operations providers; the
 *       in-memory message channels are there only because HAPI's background jobs (reindexing ...) need them.</li>
 * </ul>
 * The database is H2: files under the data directory when one is given, otherwise in memory.
 */
@Configuration
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    ThreadPoolFactoryConfig.class,
    SubscriptionChannelConfig.class // in-memory message channels, which HAPI's batch jobs (reindexing ...) need
})
public class JpaEhrConfig {

    /** Set by {@link JpaEhrServer} before the context starts: an H2 JDBC URL. */
    static final String JDBC_URL_PROPERTY = "smartclinic.ehr.jdbc-url";

    @Bean
    public JpaStorageSettings storageSettings() {
        JpaStorageSettings s = new JpaStorageSettings();
        s.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
        s.setEnforceReferentialIntegrityOnWrite(true);
        s.setEnforceReferentialIntegrityOnDelete(true);
        s.setAutoCreatePlaceholderReferenceTargets(false);
        s.setAllowMultipleDelete(false);
        s.setMassIngestionMode(false);
        s.setReuseCachedSearchResultsForMillis(null);
        s.setHibernateSearchIndexFullText(false);
        return s;
    }

    @Bean
    public PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean(destroyMethod = "close")
    public BasicDataSource dataSource(@Value("${" + JDBC_URL_PROPERTY + "}") String jdbcUrl) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriver(new org.h2.Driver());
        ds.setUrl(jdbcUrl);
        ds.setUsername("sa");
        ds.setPassword("");
        ds.setMaxTotal(10);
        return ds;
    }

    @Bean
    @Primary
    public LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext, JpaStorageSettings storageSettings, DataSource dataSource) {
        LocalContainerEntityManagerFactoryBean emf =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        emf.setPersistenceUnitName("SMARTCLINIC_EHR");
        emf.setDataSource(dataSource);
        Properties jpa = new Properties();
        jpa.put("hibernate.dialect", HapiFhirH2Dialect.class.getName());
        jpa.put("hibernate.hbm2ddl.auto", "update");
        jpa.put("hibernate.show_sql", "false");
        jpa.put("hibernate.format_sql", "false");
        jpa.put("hibernate.search.enabled", "false");
        emf.setJpaProperties(jpa);
        return emf;
    }

    @Bean
    @Primary
    public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }

    /** Binary content (Binary resources, attachments) kept in the database, like the HAPI starter does. */
    @Bean
    public IBinaryStorageSvc binaryStorageSvc() {
        return new DatabaseBinaryContentStorageSvcImpl();
    }

    /** The FHIR REST servlet: one provider per resource type, the system provider (transactions), paging. */
    @Bean
    public RestfulServer restfulServer(IFhirSystemDao<?, ?> systemDao, ResourceProviderFactory resourceProviders,
            JpaSystemProvider<?, ?> systemProvider, JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry, IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider) {
        FhirContext ctx = systemDao.getContext();
        ctx.setNarrativeGenerator(new NullNarrativeGenerator());
        RestfulServer server = new RestfulServer(ctx);
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);
        server.setPagingProvider(pagingProvider);
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(server, systemDao, storageSettings,
                searchParamRegistry, validationSupport));
        return server;
    }
}
