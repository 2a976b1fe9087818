package org.timebank.gateway.sms;

/**
 * What a provider did with one message, in the one vocabulary the dispatcher's retry policy reads
 * (LESSONS.md: a 429 or a refused connection never reached the provider; a 5xx or a timeout may
 * already have sent the message; a rejected or opted-out number is never retried).
 */
public sealed interface SendOutcome {
    /** The provider took the message; {@code providerMessageId} matches its delivery reports. */
    record Accepted(String providerMessageId) implements SendOutcome {}

    /** The request never reached the provider (429, connection refused): safe to retry with backoff. */
    record NotReached(String reason) implements SendOutcome {}

    /** The provider may have sent it (5xx, timeout): retried at most once, and marked so. */
    record MaybeSent(String reason) implements SendOutcome {}

    /** The provider refused the message for good; {@code optedOut} when the member opted out at the carrier. */
    record Refused(String reason, boolean optedOut) implements SendOutcome {}
}
