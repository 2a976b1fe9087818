package org.timebank.ledger;

/**
 * The named outcomes of a transfer that did not happen, in the order they are checked. None is an
 * error of the system: each is an answer a member or staff member gets.
 */
public enum Refusal {
    /** The amount is zero or negative. */
    NOT_POSITIVE,
    /** The idempotency key was used before for a different transfer. */
    KEY_REUSED,
    /** A member, NGO, fund or transfer named does not exist. */
    UNKNOWN_ACCOUNT,
    /** The category code is not in the consortium's list. */
    UNKNOWN_CATEGORY,
    /** Both sides are the same account. */
    SAME_ACCOUNT,
    /** A member on either side is suspended or erased. */
    ACCOUNT_INACTIVE,
    /** The payer's balance would fall below its floor. */
    INSUFFICIENT_BALANCE,
    /** The NGO's monthly credit cap would be passed. */
    OVER_MONTHLY_CAP,
    /** The transfer to reverse does not exist. */
    UNKNOWN_TRANSFER,
    /** The transfer was reversed already (a transfer is reversed once). */
    ALREADY_REVERSED,
    /** A reversal cannot itself be reversed. */
    REVERSAL_OF_REVERSAL,
    /** The request for hours was paid, declined or expired already, or is not the payer's. */
    REQUEST_NOT_WAITING
}
