package com.crm.contracts.events;

/**
 * Who did something, as the access token named them: {@code kind} {@code USER} (a person, {@code id} = the token's
 * {@code sub}) or {@code CLIENT} (an integrated system, {@code id} = its client id). Events carry it as an optional
 * last field ({@code null} in events written before it existed, or by a background job).
 */
public record ActorRef(String kind, String id) {}
