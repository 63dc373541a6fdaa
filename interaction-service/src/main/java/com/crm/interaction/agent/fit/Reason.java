package com.crm.interaction.agent.fit;

/**
 * Why an agent scored as they did: a reason code, a readable detail and the points it added (negative: took away).
 */
public record Reason(String code, String detail, double contribution) {}
