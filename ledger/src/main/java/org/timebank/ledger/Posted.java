package org.timebank.ledger;

/**
 * A transfer just committed, with what receipts need to know of each side: a member side carries
 * the member's phone, name, language and balance after the transfer; other sides carry nulls.
 */
public record Posted(Transfer transfer, Side from, Side to) {
    public record Side(Long memberId, String phone, String name, String language, long balanceAfterMinutes) {
        public boolean isMember() {
            return memberId != null && phone != null;
        }
    }
}
