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
			ServiceSpec.of("token-issuer", "local/token-issuer/target/token-issuer-" + VERSION + ".jar", "issuer-port", 9000)
				.asAuthorizationServer(),
			ServiceSpec.of("customer-service", "customer-service/target/customer-service-" + VERSION + ".jar",
					"customer-port", 8081)
				.withDatabase("crm_customer")
				.withKafka()
				.asResourceServer(),
			ServiceSpec.of("interaction-service", "interaction-service/target/interaction-service-" + VERSION + ".jar",
					"interaction-port", 8082)
				.withDatabase("crm_interaction")
				.withKafka()
				.asResourceServer(),
			ServiceSpec.of("gateway", "gateway/target/gateway-" + VERSION + ".jar", "gateway-port", 8080)
				.withLink("crm.gateway.customer-service-uri", "customer-service")
				.withLink("crm.gateway.interaction-service-uri", "interaction-service")
				.asResourceServer());

	private Services() {
	}

}
