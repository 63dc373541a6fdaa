package com.crm.support.web;

import com.crm.support.json.JsonBinder;
import com.crm.support.json.StorableTextModule;
import com.crm.support.json.StoredJson;
import com.crm.support.problem.DataConflictAdvice;
import com.crm.support.problem.ProblemDetailsAdvice;
import com.crm.support.problem.ProblemErrorController;
import com.crm.support.problem.ProblemResponseWriter;
import com.crm.support.security.CrmSecurityAutoConfiguration;
import com.fasterxml.jackson.annotation.Nulls;
import jakarta.validation.Validator;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Web conventions shared by every service: problem+json errors, strict JSON, request ids, bounded bodies. */
@AutoConfiguration(
        after = CrmSecurityAutoConfiguration.class,
        beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CrmWebProperties.class)
@Import({ProblemDetailsAdvice.class, ProblemErrorController.class})
public class CrmWebAutoConfiguration {

    /** Unique-key conflicts as 409 problems, in services that write to a database. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.dao.DuplicateKeyException")
    @Import(DataConflictAdvice.class)
    static class DataConflicts {}

    /**
     * Unknown fields are a client error, not silently dropped: a typo must not lose data. A null element of a list
     * or value of a map is refused by its path ({@code tags[1]}) rather than reaching code that expects none; text
     * the database cannot store is refused where it is bound ({@link StorableTextModule}).
     */
    @Bean
    JsonMapperBuilderCustomizer crmStrictJson() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .changeDefaultNullHandling(nulls -> nulls.withContentNulls(Nulls.FAIL))
                .addModule(new StorableTextModule());
    }

    @Bean
    WebMvcConfigurer crmStorableParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new StorableParametersInterceptor());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    StoredJson storedJson(JsonMapper json) {
        return new StoredJson(json);
    }

    @Bean
    @ConditionalOnMissingBean
    JsonBinder jsonBinder(JsonMapper json, Validator validator) {
        return new JsonBinder(json, validator);
    }

    @Bean
    @ConditionalOnMissingBean(name = "requestIdFilter")
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            CrmWebProperties properties, ProblemResponseWriter writer) {
        var registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), writer, properties.streamedPaths()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestUriLimitFilter> requestUriLimitFilter(
            CrmWebProperties properties, ProblemResponseWriter writer) {
        var registration = new FilterRegistrationBean<>(new RequestUriLimitFilter(properties.maxUriLength(), writer));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Tomcat's own error answers (before any filter runs) as problem+json, not an HTML page. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory")
    static class TomcatErrorReports {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> crmProblemErrorReportValve() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
