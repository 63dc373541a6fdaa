package com.crm.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ManagementPortMetricsMatcherTest {

    private static MockHttpServletRequest get(String uri, int port) {
        var request = new MockHttpServletRequest("GET", uri);
        request.setLocalPort(port);
        return request;
    }

    @Test
    void opensPrometheusOnTheManagementPortOnly() {
        var matcher = new ManagementPortMetricsMatcher(9090);
        assertThat(matcher.matches(get("/actuator/prometheus", 9090))).isTrue();
        assertThat(matcher.matches(get("/actuator/prometheus", 8081))).isFalse();
    }

    @Test
    void opensNothingElseOnTheManagementPort() {
        var matcher = new ManagementPortMetricsMatcher(9090);
        assertThat(matcher.matches(get("/actuator/env", 9090))).isFalse();
        assertThat(matcher.matches(get("/actuator/prometheus/x", 9090))).isFalse();
        var post = new MockHttpServletRequest("POST", "/actuator/prometheus");
        post.setLocalPort(9090);
        assertThat(matcher.matches(post)).isFalse();
    }

    @Test
    void opensNothingWithoutASeparateManagementPort() {
        assertThat(new ManagementPortMetricsMatcher(null).matches(get("/actuator/prometheus", 8081)))
                .isFalse();
    }
}
