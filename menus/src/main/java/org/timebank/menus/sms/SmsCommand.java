package org.timebank.menus.sms;

/**
 * One inbound SMS read by {@link SmsParser#parse(String)}: a record per command of {@code sms.md},
 * {@link Marketplace} for the marketplace commands (handled elsewhere), {@link Invalid} for a known
 * keyword whose arguments cannot be read and {@link Unknown} for anything else. Text fields carry
 * the message after full-width folding (ASCII digits and letters, single spaces); amounts are whole
 * minutes; optional parts that were not given are {@code null}. The records say only what was
 * typed: nothing here has been checked against the ledger (members, PINs, limits, references).
 */
public sealed interface SmsCommand {

    /** Why the arguments of a known keyword could not be read; see {@link Invalid}. */
    enum Problem {
        /** A required argument is not there (e.g. {@code SEND 91234567}, {@code YES}, {@code PIN 1234}). */
        MISSING_ARGUMENT,
        /** The phone argument of {@code SEND}/{@code ASK} is not digits (with an optional leading {@code +}), or is longer than 15 digits. */
        BAD_PHONE,
        /** The hours argument is not a number (or is too large to hold). */
        BAD_HOURS,
        /** The hours are zero or negative. */
        HOURS_NOT_POSITIVE,
        /** The hours are not a whole number of minutes (e.g. {@code 1.001}, {@code 1.5m}). */
        NOT_WHOLE_MINUTES,
        /** A PIN argument is not exactly 4 digits (or {@code PIN} has more than two). */
        BAD_PIN,
        /** {@code LANG} names no language this gateway speaks. */
        BAD_LANGUAGE,
        /** The {@code REG} name is shorter than 2 or longer than 40 characters, has no letter or has a character a name does not have. */
        BAD_NAME,
        /** A {@code PAY}/{@code DECLINE} reference is not 6 letters or digits with at least one letter. */
        BAD_REFERENCE
    }

    /** {@code HELP}: the reply lists the commands. */
    record Help() implements SmsCommand {}

    /**
     * {@code REG <name> [community code]}: {@code name} is 2–40 characters; {@code orgCode} is the
     * last word when there are at least two words and that word is 2–16 of {@code A-Z 0-9 _ -}
     * typed without lower-case letters, otherwise {@code null}.
     */
    record Register(String name, String orgCode) implements SmsCommand {}

    /**
     * {@code PIN <a> <b>}: two 4-digit PINs; the caller knows whether the member has a PIN and so
     * whether this is {@code <new> <new>} or {@code <old> <new>}.
     */
    record SetOrChangePin(String first, String second) implements SmsCommand {}

    /** {@code BAL <PIN>}: balance; {@code pin} is {@code null} for a bare {@code BAL}. */
    record Balance(String pin) implements SmsCommand {}

    /**
     * {@code SEND <phone> <hours> [note]}: {@code phone} is the digits as typed with a leading
     * {@code +} kept and spaces and dashes removed (not yet normalised against a region);
     * {@code minutes} is positive and not checked against any limit; {@code note} is {@code null}
     * when absent.
     */
    record Send(String phone, long minutes, String note) implements SmsCommand {}

    /** {@code ASK <phone> <hours> [note]}: asks another member for hours; fields as in {@link Send}. */
    record Ask(String phone, long minutes, String note) implements SmsCommand {}

    /** A bare 4-digit PIN or {@code YES <PIN>}: confirms the sender's own pending SEND or DONATE. */
    record Confirm(String pin) implements SmsCommand {}

    /** {@code NO}: cancels the sender's pending SEND or DONATE. */
    record No() implements SmsCommand {}

    /** {@code CANCEL}: the caller cancels the pending item if there is one, otherwise treats it as STOP. */
    record Cancel() implements SmsCommand {}

    /**
     * {@code PAY <PIN>} or {@code PAY <reference> <PIN>}: pays the oldest request waiting for the
     * sender, or the named one; {@code reference} is upper-cased, {@code null} when absent.
     */
    record Pay(String reference, String pin) implements SmsCommand {}

    /** {@code DECLINE [reference]}: declines the oldest waiting request or the named one ({@code null} when absent). */
    record Decline(String reference) implements SmsCommand {}

    /** {@code DONATE <hours> [fund code]}: a pending donation; {@code fundCode} upper-cased, {@code null} when absent. */
    record Donate(long minutes, String fundCode) implements SmsCommand {}

    /** {@code LANG EN|ZH|SW}: the reply language as {@code "en"}, {@code "zh"} or {@code "sw"}. */
    record Language(String code) implements SmsCommand {}

    /** {@code STOP} and its synonyms: no more broadcasts (receipts still come). */
    record Stop() implements SmsCommand {}

    /** {@code START}: broadcasts again. */
    record Start() implements SmsCommand {}

    /**
     * A marketplace command ({@code NEED}, {@code OFFER}, {@code FIND}, {@code CONTACT},
     * {@code DONE}, {@code RATE}) left for its own handler: {@code keyword} is the English keyword
     * whatever alias was typed, {@code rest} the folded text after it ({@code ""} when none).
     */
    record Marketplace(String keyword, String rest) implements SmsCommand {}

    /** A known command (English {@code keyword}, e.g. {@code "SEND"}) whose arguments could not be read. */
    record Invalid(String keyword, Problem problem) implements SmsCommand {}

    /** Anything else, including an empty message; {@code text} is the message as received ({@code ""} for null). */
    record Unknown(String text) implements SmsCommand {}
}
