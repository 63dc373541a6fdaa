package com.crm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one vocabulary of {@code errors[].code}, read from the README's "Error codes" table: the table a client
 * programs against, which a platform unit test keeps equal to the platform's {@code ErrorCode} enum. Read, not
 * copied, and without a dependency on the platform: the black-box suite knows the platform only as its clients do.
 */
final class ErrorVocabulary {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9-]+)`\\s*\\|");

    private ErrorVocabulary() {}

    static Set<String> codes() {
        Path readme = Path.of(System.getProperty("crm.repo.dir", ".."))
                .resolve("README.md")
                .toAbsolutePath()
                .normalize();
        List<String> lines;
        try {
            lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Set<String> codes = new LinkedHashSet<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("#")) {
                inSection = line.trim().equals("### Error codes");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.find()) {
                codes.add(row.group(1));
            }
        }
        assertThat(codes).as("the error codes of %s", readme).contains("required", "invalid-character");
        return Set.copyOf(codes);
    }
}
