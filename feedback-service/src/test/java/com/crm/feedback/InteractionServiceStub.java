package com.crm.feedback;

import com.crm.test.TestTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for interaction-service (its contact check) and the token issuer, on a real local port that a test can
 * take down and bring back. The check requires the bearer token the stub's token endpoint issued.
 */
public final class InteractionServiceStub {

    private static final InteractionServiceStub INSTANCE = new InteractionServiceStub();
    private final int port = freePort();
    private final String token = TestTokens.withScopes("crm.read", "crm.write");
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger checks = new AtomicInteger();
    private final Map<String, Integer> checksByCustomer = new ConcurrentHashMap<>();
    private HttpServer server;

    private InteractionServiceStub() {
        start();
    }

    public static InteractionServiceStub get() {
        return INSTANCE;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/oauth2/token", exchange -> respond(exchange, 200, """
                {"access_token":"%s","token_type":"Bearer","expires_in":1800,"scope":"crm.read crm.write"}""".formatted(token)));
        server.createContext("/api/contact-checks", this::check);
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Refuse contacts with this customer (a missing consent: no time lifts it). */
    public void refuse(String customerId) {
        refused.add(customerId);
    }

    public int checksFor(String customerId) {
        return checksByCustomer.getOrDefault(customerId, 0);
    }

    private void check(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"status\":401}");
            return;
        }
        String customer = body.replaceAll(".*\"customerId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        checks.incrementAndGet();
        checksByCustomer.merge(customer, 1, Integer::sum);
        boolean allowed = !refused.contains(customer);
        respond(
                exchange,
                200,
                allowed
                        ? "{\"customerId\":\"%s\",\"allowed\":true,\"reasons\":[],\"earliestAllowedAt\":null}"
                                .formatted(customer)
                        : """
                {"customerId":"%s","allowed":false,"reasons":[{"rule":"consent","message":"no consent"}],
                 "earliestAllowedAt":null}""".formatted(customer));
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
