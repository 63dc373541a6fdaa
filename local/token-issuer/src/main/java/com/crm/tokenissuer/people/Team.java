package com.crm.tokenissuer.people;

/**
 * A team of people: its {@code id} is what their tokens carry as {@code crm_team}.
 *
 * @param id   e.g. {@code north}
 * @param name e.g. {@code North}
 */
public record Team(String id, String name) {}
