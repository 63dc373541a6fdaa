package com.crm.feedback;

/**
 * The contact channels feedback names (an invitation's, a response's, a complaint's), the same vocabulary as
 * interaction-service's. Request records keep them as strings checked by {@link OneOf}, so that a wrong channel is
 * named next to every other problem of the request instead of failing the whole body at the first one.
 */
public enum Channel {
    PHONE,
    EMAIL,
    SMS,
    WECHAT,
    INSTANT_MESSAGE,
    SOCIAL,
    VIDEO,
    VISIT,
    WEB_CHAT
}
