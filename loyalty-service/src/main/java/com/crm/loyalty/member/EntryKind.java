package com.crm.loyalty.member;

/** What a journal entry records. Credits are positive, debits negative. */
public enum EntryKind {
    /** Points earned on a purchase. */
    PURCHASE,
    /** Points for an answered survey. */
    FEEDBACK,
    /** Points for a customer brought in (a referral). */
    REFERRAL,
    /** A manual credit or debit, with its reason and actor. */
    ADJUSTMENT,
    /** Points spent on a reward. */
    REDEMPTION,
    /** Points taken back for a refund (what could not be taken is debt). */
    REVERSAL,
    /** Debt taken from a later credit. */
    DEBT_SETTLEMENT,
    /** Lots past their validity. */
    EXPIRY,
    /** A merged member's balance, into the survivor. */
    MERGE_IN,
    /** The balance moved to the survivor of a merge. */
    MERGE_OUT,
    /** The balance forfeited on erasure. */
    FORFEIT
}
