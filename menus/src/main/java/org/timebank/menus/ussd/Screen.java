package org.timebank.menus.ussd;

import java.util.EnumSet;
import java.util.Set;

/** Every screen of ussd.md. A screen that reads a PIN never has that PIN kept in the session. */
public enum Screen {
    LANGUAGE_PICK, REG_NAME, REG_ORG, REG_PIN, REG_PIN_AGAIN,
    SET_PIN, SET_PIN_AGAIN,
    RESUME, OUTCOME, WAITING, WAITING_PIN,
    MAIN,
    SEND_PHONE, SEND_AMOUNT, SEND_CONFIRM,
    BALANCE_PIN,
    REQUEST_PHONE, REQUEST_AMOUNT, REQUEST_NOTE, REQUEST_CONFIRM,
    DONATE_FUND, DONATE_AMOUNT, DONATE_CONFIRM,
    ACCOUNT, PIN_OLD, PIN_NEW, PIN_NEW_AGAIN, LANGUAGE, DETAILS, OFFERS,
    OFFERS_MENU, BROWSE_CATEGORY, BROWSE_LIST, POST_DETAIL, POST_CATEGORY, POST_TEXT, POST_HOURS, POST_CONFIRM, MY_POSTS, MY_POST;

    private static final Set<Screen> PIN_SCREENS = EnumSet.of(REG_PIN, REG_PIN_AGAIN, SET_PIN, SET_PIN_AGAIN, WAITING_PIN,
            SEND_CONFIRM, BALANCE_PIN, DONATE_CONFIRM, PIN_OLD, PIN_NEW, PIN_NEW_AGAIN);
    private static final Set<Screen> NOT_RESUMABLE = EnumSet.of(LANGUAGE_PICK, RESUME, OUTCOME, WAITING, MAIN, SET_PIN, SET_PIN_AGAIN);

    /** The input on this screen is a PIN: it is never stored and is redacted wherever a request is recorded. */
    public boolean readsPin() {
        return PIN_SCREENS.contains(this);
    }

    /** A session dropped on this screen is offered to continue on the next dial. */
    public boolean resumable() {
        return !NOT_RESUMABLE.contains(this);
    }

    /** Where a resumed session continues: a screen whose state holds a PIN's hash starts that PIN again. */
    public Screen resumeAt() {
        return switch (this) {
            case REG_PIN_AGAIN -> REG_PIN;
            case PIN_NEW, PIN_NEW_AGAIN -> PIN_OLD;
            default -> this;
        };
    }
}
