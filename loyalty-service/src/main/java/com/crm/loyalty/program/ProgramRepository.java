package com.crm.loyalty.program;

import com.crm.loyalty.Cached;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ProgramRepository {

    private static final String COLUMNS = """
            id, code, name, auto_enrol, points_per_unit, points_validity_months, feedback_points, referral_points,
            level_window_months, level_review_months, level_grace_days, version""";

    private final JdbcClient jdbc;
    private final Cached<Program> defaultProgram;

    ProgramRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.defaultProgram = new Cached<>(() -> find(Program.DEFAULT).orElseThrow());
    }

    public List<Program> all() {
        return jdbc.sql("select " + COLUMNS + " from loyalty_program order by code")
                .query(Program.class)
                .list();
    }

    public Optional<Program> find(String code) {
        return jdbc.sql("select " + COLUMNS + " from loyalty_program where code = :code")
                .param("code", code)
                .query(Program.class)
                .optional();
    }

    /** The program every member joins (the seeded {@code default}). */
    public Program defaultProgram() {
        return defaultProgram.get();
    }

    boolean update(String code, ProgramSettings s) {
        defaultProgram.invalidate();
        return jdbc.sql("""
                        update loyalty_program set auto_enrol = :autoEnrol, points_per_unit = :rate,
                            points_validity_months = :validity, feedback_points = :feedback,
                            referral_points = :referral,
                            level_window_months = :window, level_review_months = :review, level_grace_days = :grace,
                            version = version + 1
                        where code = :code""")
                        .param("autoEnrol", s.autoEnrol())
                        .param("rate", s.pointsPerUnit())
                        .param("validity", s.pointsValidityMonths())
                        .param("feedback", s.feedbackPoints())
                        .param("referral", s.referralPointsOrDefault())
                        .param("window", s.levelWindowMonths())
                        .param("review", s.levelReviewMonths())
                        .param("grace", s.levelGraceDays())
                        .param("code", code)
                        .update()
                == 1;
    }
}
