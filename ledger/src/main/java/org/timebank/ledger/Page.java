package org.timebank.ledger;

import java.util.List;

/** One page of a list and the count of all items that match. */
public record Page<T>(List<T> items, long total) {}
