package com.crm.test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data sets in the repository's {@code datasets/} folder, found from the working directory upwards (a test
 * runs in its module's folder), or from {@code CRM_DATASETS} when a larger copy lives elsewhere.
 */
public final class Datasets {

    private Datasets() {}

    public static Path path(String relative) {
        String configured = System.getenv("CRM_DATASETS");
        if (configured != null && Files.isRegularFile(Path.of(configured, relative))) {
            return Path.of(configured, relative);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("datasets").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "Data set " + relative + " not found in the repository's datasets/ folder " + "(or CRM_DATASETS)");
    }
}
