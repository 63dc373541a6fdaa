package com.crm.support.web;

import com.crm.support.json.StorableText;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.UriUtils;

/**
 * Query parameters and path variables get the same rule as JSON strings ({@link StorableText}): a NUL or another
 * control character is a 400 naming the parameter, before any handler passes it to the database (where NUL is a
 * 500). Runs after handler mapping, so a path variable can be named.
 */
public class StorableParametersInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (name != null && value != null) {
                    check(name, value);
                }
            }
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            for (Map.Entry<?, ?> variable : variables.entrySet()) {
                check(String.valueOf(variable.getKey()), String.valueOf(variable.getValue()));
            }
        }
        return true;
    }

    private static void check(String name, String value) {
        if (!StorableText.isStorable(value)) {
            throw ApiException.invalid(
                    StorableText.isStorable(name) ? name : "$", ErrorCode.INVALID_CHARACTER, StorableText.PROBLEM);
        }
    }

    /**
     * The query string is decoded here rather than read through the servlet's parameters: a parameter that is not
     * UTF-8 must reach whoever names it as {@code invalid-encoding} (the gateway's route, a service's advice), and a
     * form body must not be consumed. Null when the text is not percent-encoding at all.
     */
    private static String decode(String encoded) {
        try {
            return UriUtils.decode(encoded.replace('+', ' '), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
