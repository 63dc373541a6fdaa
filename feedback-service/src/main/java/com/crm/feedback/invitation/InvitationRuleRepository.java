package com.crm.feedback.invitation;

import com.crm.feedback.invitation.InvitationRuleService.RuleInput;
import com.crm.feedback.invitation.InvitationRuleService.RuleView;
import com.crm.support.paging.KeysetCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invitation rules. */
@Repository
class InvitationRuleRepository {

    private final JdbcClient jdbc;

    InvitationRuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean surveyExists(UUID surveyId) {
        return jdbc.sql("select count(*) from survey where id = :id")
                        .param("id", surveyId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(UUID id, RuleInput in, boolean active, Instant now) {
        jdbc.sql("""
                insert into invitation_rule (id, survey_id, interaction_type, channel, direction, invite_channel,
                    active, created_at)
                values (:id, :survey, :type, :channel, :direction, :invite, :active, :now)""")
                .param("id", id)
                .param("survey", in.surveyId())
                .param("type", in.interactionType())
                .param("channel", in.channel())
                .param("direction", in.direction())
                .param("invite", in.inviteChannel())
                .param("active", active)
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<RuleView> find(UUID id) {
        return jdbc.sql("select * from invitation_rule where id = :id")
                .param("id", id)
                .query(this::map)
                .optional();
    }

    /** Oldest first, after the previous page's last rule when {@code after} is given. */
    List<RuleView> list(KeysetCursor after, int limit) {
        return jdbc.sql("""
                select * from invitation_rule
                where cast(:afterAt as timestamptz) is null
                   or (created_at, id) > (cast(:afterAt as timestamptz), cast(:afterId as uuid))
                order by created_at, id limit :limit""")
                .param("afterAt", after == null ? null : Timestamp.from(after.at()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    List<RuleView> all() {
        return jdbc.sql("select * from invitation_rule order by created_at, id")
                .query(this::map)
                .list();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from invitation_rule where id = :id")
                        .param("id", id)
                        .update()
                > 0;
    }

    private RuleView map(ResultSet rs, int n) throws SQLException {
        return new RuleView(
                rs.getObject("id", UUID.class),
                rs.getObject("survey_id", UUID.class),
                rs.getString("interaction_type"),
                rs.getString("channel"),
                rs.getString("direction"),
                rs.getString("invite_channel"),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant());
    }
}
