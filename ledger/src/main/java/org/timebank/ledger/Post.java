package org.timebank.ledger;

/** A need or an offer as members and staff see it; {@code ratingAverage} is the poster's, or null. */
public record Post(long id, long memberId, String memberName, String memberPhone, String memberLanguage, String org, String district,
                   String kind, String category, String body, Long minutes, String status, Double ratingAverage, long ratingCount) {}
