package com.crm.customer;

import com.crm.test.FeatureBoundaries;
import org.junit.jupiter.api.Test;

class FeatureBoundariesTest {

    @Test
    void featuresHaveNoCyclesAndKeepSqlInRepositories() {
        FeatureBoundaries.verify("com.crm.customer");
    }
}
