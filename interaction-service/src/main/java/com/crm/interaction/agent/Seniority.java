package com.crm.interaction.agent;

/** How senior an agent is: tier S and A customers go to SENIOR and LEAD agents. */
public enum Seniority {
    JUNIOR,
    SENIOR,
    LEAD
}
