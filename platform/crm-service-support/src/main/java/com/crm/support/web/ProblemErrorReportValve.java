package com.crm.support.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat answers some requests itself, before any filter or Spring MVC sees them: a request line or headers over the
 * size limit, a path that is not valid UTF-8 or holds an encoded {@code \} or {@code /}. Its default valve writes an
 * HTML page; this one writes the same RFC 9457 problem+json as the rest of the API. It never names the server or
 * shows a stack trace. Errors Spring already answered (the body is written) are left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    static final String TYPE = "urn:crm:problem:malformed-request";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? null : known.getReasonPhrase();
        String detail = status >= 500
                ? "The request could not be completed; it has been logged"
                : "The request could not be read: request line, headers or path are malformed or too large";
        String body = "{\"type\":\"" + (status >= 500 ? "urn:crm:problem:internal" : TYPE) + "\",\"title\":"
                + quote(title == null ? "Error" : title) + ",\"status\":" + status + ",\"detail\":" + quote(detail)
                + "}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was taken over: nothing left to tell it
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
