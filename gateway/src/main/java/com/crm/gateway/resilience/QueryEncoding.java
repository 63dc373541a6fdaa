package com.crm.gateway.resilience;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the query parameters Tomcat could not decode, so that the 400 names them: a client told "the request could
 * not be read" cannot tell which of its parameters carries the bad bytes.
 */
final class QueryEncoding {

    private static final int MAX_NAME = 100;

    private QueryEncoding() {}

    /**
     * The parameters of a raw query string whose name or value is not valid percent-encoded UTF-8, in order, each
     * once; a name that cannot itself be decoded is given as sent (cut at 100 characters).
     */
    static List<String> undecodableParameters(String rawQuery) {
        Set<String> bad = new LinkedHashSet<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            String name = decode(rawName);
            if (name == null || decode(rawValue) == null) {
                String shown = name == null ? rawName : name;
                bad.add(shown.length() > MAX_NAME ? shown.substring(0, MAX_NAME) : shown);
            }
        }
        return List.copyOf(bad);
    }

    /**
     * The decoded text, or null when a %-escape is incomplete or the bytes are not UTF-8. Written out because the
     * JDK's and Spring's URI decoders replace bad bytes with U+FFFD instead of reporting them.
     */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
