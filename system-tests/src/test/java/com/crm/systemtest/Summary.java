package com.crm.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's figures, collected by the tests and printed once at the end (and written to a file). */
public final class Summary {

    private static final List<String> LINES = new ArrayList<>();

    private Summary() {}

    public static synchronized void add(String section, String line) {
        LINES.add(String.format(Locale.ROOT, "  %-10s %s", section, line));
    }

    static synchronized String render() {
        StringBuilder text = new StringBuilder();
        text.append(System.lineSeparator())
                .append("======== CRM system tests: summary ========")
                .append(System.lineSeparator());
        if (LINES.isEmpty()) {
            text.append("  (no figures: no system test ran)").append(System.lineSeparator());
        }
        LINES.forEach((line) -> text.append(line).append(System.lineSeparator()));
        text.append("===========================================").append(System.lineSeparator());
        return text.toString();
    }

    static synchronized void print() {
        String text = render();
        System.out.print(text);
        String file = System.getProperty("crm.summary.file");
        if (file != null && !file.isBlank()) {
            try {
                Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
                Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
            } catch (IOException ex) {
                System.err.println("Cannot write " + file + ": " + ex);
            }
        }
    }

    static synchronized List<String> lines() {
        return new ArrayList<>(LINES);
    }
}
