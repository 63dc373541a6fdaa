package com.crm.systemtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A small raw HTTP client for requests the generated client cannot send on purpose (bad input, no token). */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;

    public Http(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return this.baseUrl;
    }

    /** One answer: status, headers (first value, lower-case names) and body. */
    public record Response(int status, Map<String, String> headers, byte[] bytes) {

        public String body() {
            return new String(this.bytes, StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(this.headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String contentType() {
            return header("content-type").orElse("");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(this.bytes);
            } catch (IOException ex) {
                throw new AssertionError("Not JSON (HTTP " + this.status + "): " + abbreviated(), ex);
            }
        }

        public boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        public String abbreviated() {
            String text = body().replaceAll("\\s+", " ");
            return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
        }

        @Override
        public String toString() {
            return "HTTP " + this.status + " " + contentType() + " " + abbreviated();
        }
    }

    /** A request builder bound to this base URL. */
    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Call get(String path) {
        return call("GET", path);
    }

    public Call post(String path) {
        return call("POST", path);
    }

    public final class Call {

        private final String method;

        private final String path;

        private final Map<String, String> headers = new LinkedHashMap<>();

        private byte[] body;

        private Duration timeout = Duration.ofSeconds(30);

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call token(String token) {
            if (token != null) {
                this.headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        public Call header(String name, String value) {
            this.headers.put(name, value);
            return this;
        }

        public Call json(Object body) {
            try {
                return raw(
                        "application/json",
                        (body instanceof String text)
                                ? text.getBytes(StandardCharsets.UTF_8)
                                : JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException(ex);
            }
        }

        public Call raw(String contentType, byte[] bytes) {
            this.headers.put("Content-Type", contentType);
            this.body = bytes;
            return this;
        }

        public Call timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sends; an I/O failure (connection refused, timeout) is thrown as {@link IOException}. */
        public Response sendOrThrow() throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.this.baseUrl + this.path))
                    .timeout(this.timeout)
                    .method(
                            this.method,
                            (this.body == null)
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(this.body));
            this.headers.forEach(request::header);
            try {
                HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                Map<String, String> headers = new LinkedHashMap<>();
                response.headers()
                        .map()
                        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
                return new Response(response.statusCode(), headers, response.body());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
        }

        public Response send() {
            try {
                return sendOrThrow();
            } catch (IOException ex) {
                throw new AssertionError(this.method + " " + this.path + " failed: " + ex, ex);
            }
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
