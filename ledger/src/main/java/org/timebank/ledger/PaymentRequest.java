package org.timebank.ledger;

import java.time.Instant;

/** A request for hours: {@code requester} asks {@code payer} to pay; it waits until paid, declined or expired. */
public record PaymentRequest(long id, String reference, long requesterId, String requesterName, String requesterPhone,
                             String requesterLanguage, long payerId, String payerName, String payerPhone, String payerLanguage,
                             long amountMinutes, String note, String status, Instant createdAt, Instant expiresAt) {}
