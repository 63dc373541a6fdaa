package com.crm.local;

import java.util.List;

/**
 * The applications of the local stack, in start order. A new service is one more entry: its jar,
 * its port setting and default port, and what it needs (database, Kafka, token validation, links
 * to other services); the gateway gets a link per routed service.
 */
final class Services {

    static final String VERSION = "0.1.0-SNAPSHOT";

    static final List<ServiceSpec> ALL = List.of(
            ServiceSpec.of(
                            "token-issuer",
                            "local/token-issuer/target/token-issuer-" + VERSION + ".jar",
                            "issuer-port",
                            9000)
                    // audits changes to people and teams on crm.audit.v1 (Kafka is up before any service)
                    .withKafka()
                    .asAuthorizationServer(),
            ServiceSpec.of(
                            "customer-service",
                            "customer-service/target/customer-service-" + VERSION + ".jar",
                            "customer-port",
                            8081)
                    .withDatabase("crm_customer")
                    .withKafka()
                    .asResourceServer(),
            ServiceSpec.of(
                            "interaction-service",
                            "interaction-service/target/interaction-service-" + VERSION + ".jar",
                            "interaction-port",
                            8082)
                    .withDatabase("crm_interaction")
                    .withKafka()
                    .asResourceServer(),
            // the -exec jar is the runnable one: the plain jar stays a library (bench uses its models)
            ServiceSpec.of(
                            "segmentation-service",
                            "segmentation-service/target/segmentation-service-" + VERSION + "-exec.jar",
                            "segmentation-port",
                            8083)
                    .withDatabase("crm_segmentation")
                    .withKafka()
                    .asResourceServer(),
            ServiceSpec.of(
                            "feedback-service",
                            "feedback-service/target/feedback-service-" + VERSION + ".jar",
                            "feedback-port",
                            8084)
                    .withDatabase("crm_feedback")
                    .withKafka()
                    .withLink("crm.feedback.interaction-service-uri", "interaction-service")
                    .withLink("crm.feedback.token-issuer-uri", "token-issuer")
                    .asResourceServer(),
            // webhooks may also go to receivers on this machine; secrets at rest are sealed with the public
            // development keyset unless CRM_WEBHOOK_KEYSET is set (the first cipher's key stays, to re-encrypt secrets
            // of data folders from before the keyset); the environment variables win (resolved by the service)
            ServiceSpec.of(
                            "webhook-service",
                            "webhook-service/target/webhook-service-" + VERSION + ".jar",
                            "webhook-port",
                            8085)
                    .withDatabase("crm_webhook")
                    .withKafka()
                    .withArguments(
                            "--crm.webhook.allowed-targets=${CRM_WEBHOOK_ALLOWED_TARGETS:"
                                    + "https://*,http://localhost,http://127.0.0.1,http://[::1]}",
                            "--crm.webhook.secret-key=${CRM_WEBHOOK_SECRET_KEY:local-stack-only-webhook-secret-key}",
                            "--crm.webhook.development-keyset=${CRM_WEBHOOK_DEVELOPMENT_KEYSET:true}")
                    .asResourceServer(),
            ServiceSpec.of(
                            "loyalty-service",
                            "loyalty-service/target/loyalty-service-" + VERSION + ".jar",
                            "loyalty-port",
                            8086)
                    .withDatabase("crm_loyalty")
                    .withKafka()
                    .asResourceServer(),
            ServiceSpec.of("gateway", "gateway/target/gateway-" + VERSION + ".jar", "gateway-port", 8080)
                    .withLink("crm.gateway.customer-service-uri", "customer-service")
                    .withLink("crm.gateway.interaction-service-uri", "interaction-service")
                    .withLink("crm.gateway.segmentation-service-uri", "segmentation-service")
                    .withLink("crm.gateway.feedback-service-uri", "feedback-service")
                    .withLink("crm.gateway.webhook-service-uri", "webhook-service")
                    .withLink("crm.gateway.loyalty-service-uri", "loyalty-service")
                    .asResourceServer());

    private Services() {}
}
