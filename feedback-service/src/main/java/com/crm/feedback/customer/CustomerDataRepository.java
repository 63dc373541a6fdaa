package com.crm.feedback.customer;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A customer's data across feedback-service's tables, as merges and erasures move or purge it. */
@Repository
class CustomerDataRepository {

    private static final List<String> CUSTOMER_TABLES =
            List.of("survey_response", "invitation", "complaint", "purchase_fact");

    private final JdbcClient jdbc;

    CustomerDataRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The merged customer's rows become the survivor's; its tier/stage row goes (the survivor's comes later). */
    void moveToSurvivor(UUID merged, UUID survivor) {
        for (String table : CUSTOMER_TABLES) {
            jdbc.sql("update " + table + " set customer_id = :survivor where customer_id = :merged")
                    .param("survivor", survivor)
                    .param("merged", merged)
                    .update();
        }
        jdbc.sql("delete from customer_segment where customer_id = :merged")
                .param("merged", merged)
                .update();
    }

    /** Drops the answers to TEXT questions of the survey version each response answered. */
    void eraseTextAnswers(UUID customer) {
        jdbc.sql("""
                update survey_response r set answers = coalesce((
                    select jsonb_object_agg(a.key, a.value) from jsonb_each(r.answers) a
                    where not exists (
                        select 1 from survey_version v, jsonb_array_elements(v.questions) q
                        where v.survey_id = r.survey_id and v.version = r.survey_version
                          and q->>'id' = a.key and q->>'type' = 'TEXT')), '{}'::jsonb)
                where r.customer_id = :c""").param("c", customer).update();
    }

    void eraseComplaintTexts(UUID customer, String erased) {
        jdbc.sql("""
                update complaint set description = :erased,
                    resolution = case when resolution is null then null else :erased end
                where customer_id = :c""").param("erased", erased).param("c", customer).update();
    }

    void withdrawInvitations(UUID customer, String reason) {
        jdbc.sql("""
                update invitation set status = 'SUPPRESSED', status_reason = :reason, next_attempt_at = null,
                    pending_token = null
                where customer_id = :c and status in ('PENDING', 'DEFERRED')""").param("reason", reason).param("c", customer).update();
    }

    void dropPlainTokens(UUID customer) {
        jdbc.sql("update invitation set pending_token = null where customer_id = :c")
                .param("c", customer)
                .update();
    }
}
