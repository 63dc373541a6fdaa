package com.crm.systemtest.journey;

import com.crm.client.ApiClient;
import com.crm.systemtest.SystemUnderTest;
import com.crm.systemtest.Tokens.Client;
import java.time.Duration;

/** The client generated from the aggregated OpenAPI snapshot, pointed at the gateway with a client's token. */
final class PlatformClient {

    private PlatformClient() {}

    static ApiClient as(Client client) {
        SystemUnderTest system = SystemUnderTest.get();
        ApiClient api = anonymous();
        api.setRequestInterceptor((request) ->
                request.header("Authorization", "Bearer " + system.tokens().of(client)));
        return api;
    }

    /** No Authorization header: for the public survey answers. */
    static ApiClient anonymous() {
        ApiClient api = new ApiClient();
        api.updateBaseUri(SystemUnderTest.get().gatewayUrl());
        api.setConnectTimeout(Duration.ofSeconds(5));
        api.setReadTimeout(Duration.ofSeconds(60));
        return api;
    }
}
