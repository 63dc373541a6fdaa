package com.crm.support.web;

import com.crm.support.json.StorableText;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Query parameters and path variables get the same rule as JSON strings ({@link StorableText}): a NUL or another
 * control character is a 400 naming the parameter, before any handler passes it to the database (where NUL is a
 * 500). Runs after handler mapping, so a path variable can be named.
 */
public class StorableParametersInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // a form body is a body: reading its parameters here would consume it before the handler (or the proxy) can
        if (!MediaType.APPLICATION_FORM_URLENCODED_VALUE.equals(mediaType(request.getContentType()))) {
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                check(parameter.getKey(), parameter.getKey());
                for (String value : parameter.getValue()) {
                    check(parameter.getKey(), value);
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
            throw ApiException.invalid(StorableText.isStorable(name) ? name : "$", ErrorCode.INVALID_CHARACTER,
                    StorableText.PROBLEM);
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
