package com.crm.segmentation;

import com.crm.test.FeatureBoundaries;
import org.junit.jupiter.api.Test;

class FeatureBoundariesTest {

    @Test
    void featuresAreAcyclicAndKeepSqlInRepositories() {
        FeatureBoundaries.verify("com.crm.segmentation");
    }
}
