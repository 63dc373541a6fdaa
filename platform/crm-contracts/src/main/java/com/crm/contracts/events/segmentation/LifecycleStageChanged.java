package com.crm.contracts.events.segmentation;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's lifecycle stage changed ({@code PROSPECT}, {@code NEW}, {@code GROWING}, {@code MATURE},
 * {@code DECLINING}, {@code CHURNED}); {@code from} is null for the first stage; {@code reason} says which rule
 * (a move back to an active stage reads "re-activated: ..."); {@code runId} is set when a full run changed it.
 */
@EventType(value = "crm.lifecycle.stage-changed", topic = Topics.SEGMENTATION)
public record LifecycleStageChanged(
        UUID customerId, String from, String to, String reason, Instant changedAt, UUID runId) implements CrmEvent {}
