package com.crm.support.imports;

import com.crm.support.export.BulkExport;
import com.crm.support.json.StoredJson;
import io.swagger.v3.oas.models.media.Schema;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import jobs for a service that declares {@link ImportTarget}s: the job resource at {@code crm.imports.path}
 * (upload streamed into staging with COPY, bounded by {@code crm.imports.max-bytes} and {@code max-rows}), the runner
 * applying chunks under a lease, and the results. The service owns the tables in its Flyway migrations
 * ({@code import_job}, {@code import_row}, {@code import_result}, as customer-service's V27__import_jobs.sql), names
 * the path in {@code crm.security.integration-paths} and its {@code data} upload in {@code crm.http.streamed-paths}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "com.crm.support.database.CrmDatabaseAutoConfiguration",
            "com.crm.support.web.CrmWebAutoConfiguration"
        })
@ConditionalOnClass(
        name = {"com.fasterxml.jackson.dataformat.csv.CsvMapper", "org.postgresql.PGConnection"},
        value = JdbcClient.class)
@ConditionalOnBean(ImportTarget.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ImportProperties.class)
public class CrmImportsAutoConfiguration {

    @Bean
    ImportTargets importTargets(List<ImportTarget<?>> targets) {
        return new ImportTargets(targets);
    }

    @Bean
    ImportRepository importRepository(JdbcClient jdbc, DataSource dataSource, StoredJson storedJson) {
        return new ImportRepository(jdbc, dataSource, storedJson);
    }

    @Bean
    ImportRunner importRunner(
            ImportRepository repository,
            ImportTargets targets,
            ImportProperties properties,
            TransactionTemplate transactions,
            JsonMapper json) {
        return new ImportRunner(repository, targets, properties, transactions, json);
    }

    @Bean
    ImportJobs importJobs(
            ImportRepository repository,
            ImportTargets targets,
            ImportProperties properties,
            TransactionTemplate transactions,
            BulkExport export,
            ImportRunner runner,
            Clock clock) {
        return new ImportJobs(repository, targets, properties, transactions, export, runner, clock);
    }

    @Bean
    ImportController importController(ImportJobs jobs, ImportProperties properties) {
        return new ImportController(jobs, properties);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenApiCustomizer.class)
    static class Documentation {

        /** The job's {@code object} is one of this service's targets: the API description lists them. */
        @Bean
        OpenApiCustomizer crmImportObjects(ImportTargets targets) {
            return openApi -> {
                if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                    return;
                }
                for (String name : List.of("ImportRequest", "ImportJobView")) {
                    Schema<?> schema = openApi.getComponents().getSchemas().get(name);
                    if (schema != null && schema.getProperties() != null) {
                        @SuppressWarnings("unchecked")
                        Schema<Object> object =
                                (Schema<Object>) schema.getProperties().get("object");
                        if (object != null) {
                            object.setEnum(List.copyOf(targets.names()));
                        }
                    }
                }
            };
        }
    }
}
