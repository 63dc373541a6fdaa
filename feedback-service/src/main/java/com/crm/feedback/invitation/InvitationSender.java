package com.crm.feedback.invitation;

import com.crm.feedback.invitation.InvitationService.InvitationView;

/**
 * Delivers an invitation (its answer link carries the token) over its channel. The default only logs: real delivery
 * (email, SMS, WeChat gateways) plugs in as a bean of this type.
 */
public interface InvitationSender {

    void send(InvitationView invitation, String token);
}
