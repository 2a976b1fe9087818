package org.timebank.ledger;

/** Names one side of a transfer: a member's account, an NGO's issuance account, a fund, or an
 * account by id. */
public sealed interface AccountRef {
    record Member(long memberId) implements AccountRef {}

    record Issuance(String orgCode) implements AccountRef {}

    record Fund(String fundCode) implements AccountRef {}

    /** An account by its internal id, as reversals name the sides of the transfer they undo. */
    record Account(long accountId) implements AccountRef {}

    static AccountRef member(long id) {
        return new Member(id);
    }

    static AccountRef issuance(String org) {
        return new Issuance(org);
    }

    static AccountRef fund(String code) {
        return new Fund(code);
    }

    /** Canonical text for request hashes: {@code member:12}, {@code issuance:KLN}, {@code fund:KLN-FUND}. */
    default String canonical() {
        if (this instanceof Member m) return "member:" + m.memberId();
        if (this instanceof Issuance i) return "issuance:" + i.orgCode();
        if (this instanceof Account a) return "account:" + a.accountId();
        return "fund:" + ((Fund) this).fundCode();
    }
}
