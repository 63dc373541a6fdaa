package com.crm.webhook;

import com.crm.webhook.subscription.TargetPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The name resolution the target check uses, as a DNS server an attacker controls could answer: names pointed at
 * an address by the test (and re-pointed, to rebind them), every lookup counted; other names resolve as usual.
 */
public class TestDns implements TargetPolicy.Resolver {

    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    /** From now on, {@code host} resolves to {@code ip}. */
    public void point(String host, String ip) {
        names.put(host, ip);
    }

    /** How often {@code host} was looked up. */
    public int lookups(String host) {
        AtomicInteger count = lookups.get(host);
        return count == null ? 0 : count.get();
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        String ip = names.get(host);
        return ip != null ? new InetAddress[] {InetAddress.getByName(ip)} : InetAddress.getAllByName(host);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        TestDns testDns() {
            return new TestDns();
        }
    }
}
