package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "erp.example.com", "203.0.113.10",
            "rebind.example.com", "10.0.0.7",
            "intranet.corp", "192.168.10.5",
            "localhost", "127.0.0.1",
            "127.0.0.1", "127.0.0.1",
            "169.254.169.254", "169.254.169.254",
            "::1", "::1",
            "fd00::1", "fd00::1");

    private static TargetPolicy policy(String... allowed) {
        return new TargetPolicy(List.of(allowed), host -> {
            String ip = DNS.get(host);
            if (ip == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(ip)};
        });
    }

    private static String code(TargetPolicy policy, String url) {
        TargetPolicy.Refusal refusal = policy.check(url);
        return refusal == null ? "allowed" : refusal.code();
    }

    @Test
    void aWildcardAllowsPublicHostsButNeverInternalAddresses() {
        TargetPolicy policy = policy("https://*");
        assertThat(code(policy, "https://hooks.example.com/crm")).isEqualTo("allowed");
        assertThat(code(policy, "https://hooks.example.com:8443/crm")).isEqualTo("allowed");
        assertThat(code(policy, "http://hooks.example.com/crm")).isEqualTo("target-not-allowed");
        assertThat(code(policy, "https://localhost/crm")).isEqualTo("internal-address");
        assertThat(code(policy, "https://rebind.example.com/crm")).isEqualTo("internal-address");
        assertThat(code(policy, "https://169.254.169.254/latest/meta-data")).isEqualTo("internal-address");
        assertThat(code(policy, "https://[::1]/crm")).isEqualTo("internal-address");
        assertThat(code(policy, "https://[fd00::1]/crm")).isEqualTo("internal-address");
        assertThat(code(policy, "https://nowhere.invalid/crm")).isEqualTo("unresolvable-host");
    }

    @Test
    void anEntryNamingAnInternalHostOpensItOnly() {
        TargetPolicy policy = policy("https://*", "http://127.0.0.1", "intranet.corp:8080");
        assertThat(code(policy, "http://127.0.0.1:5000/hook")).isEqualTo("allowed");
        assertThat(code(policy, "http://localhost:5000/hook")).isEqualTo("target-not-allowed");
        assertThat(code(policy, "http://intranet.corp:8080/hook")).isEqualTo("allowed");
        assertThat(code(policy, "https://intranet.corp:8080/hook")).isEqualTo("allowed");
        assertThat(code(policy, "http://intranet.corp:8081/hook")).isEqualTo("target-not-allowed");
        assertThat(code(policy, "https://intranet.corp/hook")).isEqualTo("internal-address");
    }

    @Test
    void domainWildcardsAndIpv6EntriesMatch() {
        TargetPolicy policy = policy("https://*.example.com", "http://[::1]:9000");
        assertThat(code(policy, "https://erp.example.com/hook")).isEqualTo("allowed");
        assertThat(code(policy, "https://example.com/hook")).isEqualTo("target-not-allowed");
        assertThat(code(policy, "https://evil-example.com/hook")).isEqualTo("target-not-allowed");
        assertThat(code(policy, "http://[::1]:9000/hook")).isEqualTo("allowed");
        assertThat(code(policy, "http://[::1]:9001/hook")).isEqualTo("target-not-allowed");
    }

    @Test
    void onlyAbsoluteHttpUrlsWithoutCredentials() {
        TargetPolicy policy = policy("*");
        assertThat(code(policy, "ftp://hooks.example.com/x")).isEqualTo("unsupported-scheme");
        assertThat(code(policy, "file:///etc/passwd")).isEqualTo("unsupported-scheme");
        assertThat(code(policy, "/relative")).isEqualTo("unsupported-scheme");
        assertThat(code(policy, "https://user:pw@hooks.example.com/x")).isEqualTo("invalid-url");
        assertThat(code(policy, "https://hooks.example.com/a b")).isEqualTo("invalid-url");
        assertThat(code(policy, "")).isEqualTo("NotBlank");
        assertThat(code(policy, "http://hooks.example.com/x")).isEqualTo("allowed");
    }

    @Test
    void recognisesInternalAddresses() throws Exception {
        for (String ip : List.of(
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.0.1",
                "169.254.1.1",
                "0.0.0.0",
                "100.64.0.1",
                "224.0.0.1",
                "::1",
                "fe80::1",
                "fc00::1",
                "::")) {
            assertThat(TargetPolicy.internal(InetAddress.getByName(ip))).as(ip).isTrue();
        }
        for (String ip : List.of("93.184.216.34", "8.8.8.8", "2001:4860:4860::8888", "100.128.0.1")) {
            assertThat(TargetPolicy.internal(InetAddress.getByName(ip))).as(ip).isFalse();
        }
    }
}
