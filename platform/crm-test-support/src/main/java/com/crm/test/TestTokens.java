package com.crm.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Signs real RS256 JWTs for tests with a key made per JVM; services under test verify them against the public
 * key, so the whole resource-server path (signature, expiry, audience, scopes) is exercised. Tokens name the
 * platform's audience ({@value #AUDIENCE}) as the issuer's do; {@link #forUser} makes a person's token (role and
 * team claims, as the issuer puts them into tokens of the authorization code flow).
 */
public final class TestTokens {

    public static final String ISSUER = "http://crm-test-issuer";
    /** The audience every service checks ({@code crm.security.audience}). */
    public static final String AUDIENCE = "crm-api";

    private static final KeyPair KEYS = generate();
    private static final Path PUBLIC_KEY = writePublicKey();

    private TestTokens() {}

    /** A token for client {@code test-client} with the given scopes. */
    public static String withScopes(String... scopes) {
        return forClient("test-client", scopes);
    }

    /** A client-credentials token of the given client (an integrated system). */
    public static String forClient(String clientId, String... scopes) {
        return sign(client(clientId, scopes).audience(AUDIENCE), Instant.now().plus(Duration.ofMinutes(30)));
    }

    /**
     * A person's token: {@code sub} and {@code preferred_username} = {@code username}, {@code crm_role} ({@code agent},
     * {@code manager}, {@code admin}), {@code crm_team} (omitted when {@code null}).
     */
    public static String forUser(String username, String role, String team, String... scopes) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(username)
                .claim("preferred_username", username)
                .claim("crm_role", role)
                .claim("client_id", "crm-web")
                .claim("scope", String.join(" ", scopes))
                .audience(AUDIENCE);
        if (team != null) {
            claims.claim("crm_team", team);
        }
        return sign(claims, Instant.now().plus(Duration.ofMinutes(30)));
    }

    /** A client token issued for another audience ({@code null}: no {@code aud} claim at all). */
    public static String forAudience(String audience, String... scopes) {
        JWTClaimsSet.Builder claims = client("test-client", scopes);
        if (audience != null) {
            claims.audience(audience);
        }
        return sign(claims, Instant.now().plus(Duration.ofMinutes(30)));
    }

    /** A token that expired a minute ago. */
    public static String expired(String... scopes) {
        return sign(
                client("test-client", scopes).audience(AUDIENCE), Instant.now().minus(Duration.ofMinutes(1)));
    }

    /** A {@code file:} location of the PEM public key, for {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public static String publicKeyLocation() {
        return PUBLIC_KEY.toUri().toString();
    }

    private static JWTClaimsSet.Builder client(String client, String... scopes) {
        return new JWTClaimsSet.Builder()
                .subject(client)
                .claim("client_id", client)
                .claim("scope", String.join(" ", scopes));
    }

    private static String sign(JWTClaimsSet.Builder builder, Instant expiry) {
        JWTClaimsSet claims = builder.issuer(ISSUER)
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(2))))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempFile("crm-test-jwt", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
