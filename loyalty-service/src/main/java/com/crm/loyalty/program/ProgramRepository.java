package com.crm.loyalty.program;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProgramRepository {

    private final JdbcClient jdbc;

    ProgramRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Program> all() {
        return jdbc.sql("select id, code, name, auto_enrol, points_per_unit from loyalty_program order by code")
                .query(Program.class)
                .list();
    }
}
