package org.timebank.ledger;

/** A donation fund run by an NGO, with its balance. */
public record Fund(String code, String name, String org, long balanceMinutes) {}
