package com.crm.feedback.invitation;

import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InvitationSenderConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InvitationSender loggingInvitationSender() {
        var log = LoggerFactory.getLogger(InvitationSender.class);
        return (invitation, token) -> log.info(
                "Invitation {} to customer {} over {} ready for delivery",
                invitation.id(),
                invitation.customerId(),
                invitation.channel());
    }
}
