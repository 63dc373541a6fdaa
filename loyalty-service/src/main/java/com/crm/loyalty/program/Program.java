package com.crm.loyalty.program;

import java.math.BigDecimal;
import java.util.UUID;

/** A loyalty program: whether customers join on their first purchase, and the base earning rate. */
public record Program(UUID id, String code, String name, boolean autoEnrol, BigDecimal pointsPerUnit) {}
