package com.crm.test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real data sets ({@code shared/datasets/}, beside the repository): found from the working directory
 * upwards, or from {@code CRM_DATASETS}.
 */
public final class Datasets {

    private Datasets() {
    }

    public static Path path(String relative) {
        String configured = System.getenv("CRM_DATASETS");
        if (configured != null && Files.exists(Path.of(configured, relative))) {
            return Path.of(configured, relative);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("shared/datasets").resolve(relative),
                    dir.resolveSibling("shared").resolve("datasets").resolve(relative)}) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Data set " + relative + " not found in shared/datasets beside the "
                + "repository (or CRM_DATASETS)");
    }
}
