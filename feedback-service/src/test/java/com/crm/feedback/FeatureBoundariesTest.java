package com.crm.feedback;

import com.crm.test.FeatureBoundaries;
import org.junit.jupiter.api.Test;

class FeatureBoundariesTest {

    @Test
    void featuresAreFreeOfCyclesAndKeepSqlInRepositories() {
        FeatureBoundaries.verify("com.crm.feedback");
    }
}
