package com.crm.support.access;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Record-level access: a {@link VisibilityPolicy} bean from {@code crm.access.*}. */
@AutoConfiguration
@EnableConfigurationProperties(AccessProperties.class)
public class CrmAccessAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    VisibilityPolicy crmVisibilityPolicy(AccessProperties properties) {
        return new VisibilityPolicy(properties);
    }
}
