package com.crm.webhook;

import com.crm.test.TestTokens;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;

/**
 * Tokens of named clients, signed like {@link TestTokens} (whose public methods all speak for {@code test-client}):
 * two integrators are needed to show that each owns what it creates. Replace with a public
 * {@code TestTokens.forClient} once crm-test-support has one.
 */
public final class ClientTokens {

    private ClientTokens() {}

    /** A token of client {@code client} ({@code client_id} and {@code sub}) with the given scopes. */
    public static String of(String client, String... scopes) {
        try {
            Method sign = TestTokens.class.getDeclaredMethod("sign", String.class, Instant.class, String[].class);
            sign.setAccessible(true);
            return (String) sign.invoke(null, client, Instant.now().plus(Duration.ofMinutes(30)), scopes);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot sign a test token for " + client, e);
        }
    }
}
