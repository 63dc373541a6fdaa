package com.crm.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9-]+)`\\s*\\|\\s*(.+?)\\s*\\|\\s*$");

    /** Clients read the README's table, and the system tests check every answer against it: it is this enum. */
    @Test
    void theReadmesErrorCodesTableIsTheEnum() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("../../README.md"))) {
            if (line.startsWith("#")) {
                inSection = line.trim().equals("### Error codes");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.matches()) {
                documented.put(row.group(1), row.group(2));
            }
        }

        Map<String, String> declared = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::code, ErrorCode::meaning, (a, b) -> a, LinkedHashMap::new));
        assertThat(documented).containsExactlyEntriesOf(declared);
    }
}
