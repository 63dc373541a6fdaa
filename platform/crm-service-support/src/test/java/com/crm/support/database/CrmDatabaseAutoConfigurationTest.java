package com.crm.support.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CrmDatabaseAutoConfigurationTest {

    private static HikariDataSource postgres() {
        HikariDataSource hikari = new HikariDataSource();
        hikari.setJdbcUrl("jdbc:postgresql://localhost:5432/crm");
        return hikari;
    }

    @Test
    void setsTheStatementTimeoutAsAConnectionOption() {
        HikariDataSource hikari = postgres();
        CrmDatabaseAutoConfiguration.apply(hikari, Duration.ofSeconds(30));
        assertThat(hikari.getDataSourceProperties()).containsEntry("options", "-c statement_timeout=30000");
    }

    @Test
    void keepsTheDataSourcesOwnOptionsAndCanBeTurnedOff() {
        HikariDataSource own = postgres();
        own.addDataSourceProperty("options", "-c search_path=crm");
        CrmDatabaseAutoConfiguration.apply(own, Duration.ofSeconds(30));
        assertThat(own.getDataSourceProperties()).containsEntry("options", "-c search_path=crm");

        HikariDataSource off = postgres();
        CrmDatabaseAutoConfiguration.apply(off, Duration.ZERO);
        assertThat(off.getDataSourceProperties()).doesNotContainKey("options");
    }
}
