/**
 * The vocabulary of a contact with a customer (channel, purpose): shared by the timeline that records contacts, the
 * policies that limit them, the check that applies the policies and the plans that schedule them, so none of those
 * features depends on another for it.
 */
package com.crm.interaction.contact;
