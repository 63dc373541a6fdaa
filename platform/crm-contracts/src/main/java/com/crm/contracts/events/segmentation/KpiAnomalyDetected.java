package com.crm.contracts.events.segmentation;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A KPI's daily value fell outside its normal band (learnt from its own history), emitted once per KPI and day.
 * Not about a customer: {@code customerId} (the Kafka key) is the name-based UUID of {@code "kpi:" + kpi}
 * ({@link UUID#nameUUIDFromBytes}), so the anomalies of one KPI stay in order on one partition. Values are decimal
 * strings; {@code direction} is {@code ABOVE} or {@code BELOW}.
 */
@EventType(value = "crm.kpi.anomaly", topic = Topics.SEGMENTATION)
public record KpiAnomalyDetected(
        UUID customerId,
        String kpi,
        LocalDate day,
        String value,
        String low,
        String high,
        String median,
        String direction)
        implements CrmEvent {

    /** The key of a KPI's anomalies. */
    public static UUID keyOf(String kpi) {
        return UUID.nameUUIDFromBytes(("kpi:" + kpi).getBytes(StandardCharsets.UTF_8));
    }
}
