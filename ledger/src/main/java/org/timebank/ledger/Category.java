package org.timebank.ledger;

/** A category of help, named in each language. */
public record Category(String code, String nameEn, String nameZh, String nameSw) {
    public String name(String language) {
        return switch (language) {
            case "zh" -> nameZh;
            case "sw" -> nameSw;
            default -> nameEn;
        };
    }
}
