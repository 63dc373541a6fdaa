package com.crm.gateway.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * A route's own read timeout for the gateway's call to its service. The proxy call runs on the request's thread
 * (servlet stack), so the {@code CrmResilience} filter names the route's timeout for the duration of the call and an
 * interceptor at the head of Apache HttpClient's exec chain applies it to that one request; other requests keep
 * {@code spring.http.clients.read-timeout}.
 */
public final class RouteTimeouts {

    private static final ThreadLocal<Duration> CURRENT = new ThreadLocal<>();

    private RouteTimeouts() {}

    /** Runs {@code call} with {@code readTimeout} (null: the client's default) applied to the proxied request. */
    static <T, E extends Exception> T with(Duration readTimeout, Call<T, E> call) throws E {
        if (readTimeout == null) {
            return call.run();
        }
        Duration previous = CURRENT.get();
        CURRENT.set(readTimeout);
        try {
            return call.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Installs the interceptor that applies the current route's timeout. */
    static void install(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("crm-route-timeout", (request, scope, chain) -> {
            Duration timeout = CURRENT.get();
            if (timeout != null) {
                RequestConfig current = scope.clientContext.getRequestConfigOrDefault();
                scope.clientContext.setRequestConfig(RequestConfig.copy(current)
                        .setResponseTimeout(Timeout.of(timeout.toMillis(), TimeUnit.MILLISECONDS))
                        .build());
            }
            return chain.proceed(request, scope);
        });
    }

    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T run() throws E;
    }
}
