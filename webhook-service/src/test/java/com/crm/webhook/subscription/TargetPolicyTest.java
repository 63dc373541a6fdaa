package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

    private static final Map<String, String> DNS = Map.ofEntries(
            Map.entry("hooks.example.com", "93.184.216.34"),
            Map.entry("erp.example.com", "93.184.216.35"),
            Map.entry("docs.example.com", "203.0.113.10"),
            Map.entry("nat64.example.com", "64:ff9b::a00:1"),
            Map.entry("sixto4.example.com", "2002:c0a8:0101::1"),
            Map.entry("rebind.example.com", "10.0.0.7"),
            Map.entry("intranet.corp", "192.168.10.5"),
            Map.entry("localhost", "127.0.0.1"),
            Map.entry("127.0.0.1", "127.0.0.1"),
            Map.entry("169.254.169.254", "169.254.169.254"),
            Map.entry("::1", "::1"),
            Map.entry("fd00::1", "fd00::1"));

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
    void aDomainWildcardNeverOpensInternalAddressesNorTheirIpv6Forms() {
        TargetPolicy policy = policy("https://*.example.com", "http://*");
        assertThat(code(policy, "https://erp.example.com/hook")).isEqualTo("allowed");
        assertThat(code(policy, "https://rebind.example.com/hook")).isEqualTo("internal-address");
        assertThat(code(policy, "https://docs.example.com/hook")).isEqualTo("internal-address");
        assertThat(code(policy, "https://nat64.example.com/hook")).isEqualTo("internal-address");
        assertThat(code(policy, "https://sixto4.example.com/hook")).isEqualTo("internal-address");
        assertThat(code(policy, "http://localhost/hook")).isEqualTo("internal-address");
        assertThat(code(policy, "http://127.0.0.1/hook")).isEqualTo("internal-address");
    }

    @Test
    void anAllowedTargetCarriesTheAddressThatWasChecked() {
        TargetPolicy.Verdict verdict = policy("https://*").verdict("https://hooks.example.com:8443/crm?x=1");
        assertThat(verdict).isInstanceOf(TargetPolicy.Allowed.class);
        TargetPolicy.Allowed allowed = (TargetPolicy.Allowed) verdict;
        assertThat(allowed.host()).isEqualTo("hooks.example.com");
        assertThat(allowed.port()).isEqualTo(8443);
        assertThat(allowed.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(((TargetPolicy.Allowed) policy("http://[::1]:9000").verdict("http://[::1]:9000/x")).host())
                .isEqualTo("::1");
    }

    @Test
    void recognisesInternalAddressesInEveryIpv6Form() throws Exception {
        for (String ip : List.of(
                "::ffff:10.0.0.1", // IPv4-mapped (Java turns it into an IPv4 address)
                "::ffff:127.0.0.1",
                "::10.0.0.1", // IPv4-compatible
                "::127.0.0.1",
                "::8.8.8.8", // deprecated form: refused whatever it embeds
                "::ffff:0:10.0.0.1", // IPv4-translated
                "64:ff9b::10.0.0.1", // NAT64 well-known prefix
                "64:ff9b::7f00:1",
                "64:ff9b::169.254.169.254",
                "64:ff9b:1::8.8.8.8", // NAT64 local-use prefix
                "2002:0a00:0001::1", // 6to4 of 10.0.0.1
                "2002:7f00:0001::", // 6to4 of 127.0.0.1
                "2002:a9fe:a9fe::1", // 6to4 of 169.254.169.254
                "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
                "2001:db8::1", // documentation
                "100::1", // discard-only
                "fec0::1", // site-local
                "febf::1",
                "ff02::1")) {
            assertThat(TargetPolicy.internal(InetAddress.getByName(ip))).as(ip).isTrue();
        }
        for (String ip : List.of(
                "64:ff9b::8.8.8.8", // NAT64 of a public address
                "2002:0808:0808::1", // 6to4 of 8.8.8.8
                "2606:4700:4700::1111")) {
            assertThat(TargetPolicy.internal(InetAddress.getByName(ip))).as(ip).isFalse();
        }
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
                "::",
                "198.18.0.1",
                "192.0.2.1",
                "198.51.100.1",
                "203.0.113.1",
                "192.0.0.8",
                "240.0.0.1",
                "255.255.255.255")) {
            assertThat(TargetPolicy.internal(InetAddress.getByName(ip))).as(ip).isTrue();
        }
        for (String ip : List.of("93.184.216.34", "8.8.8.8", "2001:4860:4860::8888", "100.128.0.1")) {
            assertThat(TargetPolicy.internal(InetAddress.getByName(ip))).as(ip).isFalse();
        }
    }
}
