package com.crm.loyalty;

import com.crm.test.FeatureBoundaries;
import org.junit.jupiter.api.Test;

class FeatureBoundariesTest {

    @Test
    void featuresAreFreeOfCyclesAndKeepSqlInRepositories() {
        FeatureBoundaries.verify("com.crm.loyalty");
    }
}
