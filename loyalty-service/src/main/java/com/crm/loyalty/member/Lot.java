package com.crm.loyalty.member;

import java.time.Instant;
import java.util.UUID;

/** A lot of points: what is left of one credit, until it expires. */
public record Lot(UUID id, long remaining, Instant expiresAt) {}
