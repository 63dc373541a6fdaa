package com.crm.support.imports;

/** How an import file is written: CSV with a header (columns mapped to fields), or one JSON item per line. */
enum ImportFormat {
    CSV,
    NDJSON
}
