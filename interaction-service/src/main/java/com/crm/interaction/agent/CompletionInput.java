package com.crm.interaction.agent;

import com.crm.interaction.timeline.Outcome;
import jakarta.validation.constraints.NotNull;

/** How an assignment ended (RESOLVED, UNRESOLVED, PURCHASE_INTENT, ...): it feeds the agent's learnt fit. */
public record CompletionInput(@NotNull Outcome outcome) {}
