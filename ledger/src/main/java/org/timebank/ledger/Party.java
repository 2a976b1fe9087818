package org.timebank.ledger;

/**
 * One side of a transfer as shown to staff: {@code type} is member, issuance or fund; {@code id}
 * is the member id, or the NGO's or fund's code.
 */
public record Party(String type, String id, String name) {}
