package com.crm.interaction.timeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What customer lifecycle events do to the timeline: merges re-key it, erasure purges its personal content. */
@Component
public class TimelineMaintenance {

    private final JdbcClient jdbc;

    TimelineMaintenance(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves every interaction of {@code mergedIds} to {@code survivor}; @return how many moved */
    @Transactional(propagation = Propagation.MANDATORY)
    public int rekey(List<UUID> mergedIds, UUID survivor) {
        if (mergedIds == null || mergedIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("update interaction set customer_id = :survivor where customer_id in (:merged)")
                .param("survivor", survivor).param("merged", mergedIds).update();
    }

    /**
     * Erasure: subject, notes and the agent's free text are purged; what remains (channel, direction, type, time,
     * outcome) is an anonymous count. @return how many interactions were purged
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int purgePersonalContent(UUID customerId, Instant at) {
        return jdbc.sql("""
                        update interaction set subject = null, notes = null, override_justification =
                          case when override_justification is null then null else '[erased]' end,
                          overridden_reasons = null, erased_at = :at
                        where customer_id = :customerId""")
                .param("customerId", customerId).param("at", at.atOffset(java.time.ZoneOffset.UTC)).update();
    }
}
