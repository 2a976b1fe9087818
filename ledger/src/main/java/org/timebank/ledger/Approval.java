package org.timebank.ledger;

import java.time.Instant;

/** A credit above its NGO's approval threshold, waiting for (or given) a second staff member's approval. */
public record Approval(long id, String org, long memberId, String memberName, long amountMinutes, String memo,
                       String category, String requestedBy, String status, String approvedBy, String transferReference,
                       Instant createdAt) {}
