package org.timebank.menus.ussd;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Fund;
import org.timebank.ledger.Member;
import org.timebank.ledger.MemberLedger;
import org.timebank.ledger.Org;
import org.timebank.ledger.PaymentRequest;
import org.timebank.ledger.Phones;
import org.timebank.ledger.PinCheck;
import org.timebank.ledger.PinPolicy;
import org.timebank.ledger.PinStateRead;
import org.timebank.ledger.Refusal;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.TransferResult;
import org.timebank.menus.MemberInput;
import org.timebank.menus.MemberNotices;
import org.timebank.sms.HoursFormat;
import org.timebank.sms.Language;
import org.timebank.sms.Texts;

/**
 * The USSD menu of ussd.md. Each hop applies one input to a {@link UssdState} and answers one
 * screen; the state never holds a PIN. Reads and writes go through the narrow {@link MemberLedger}
 * interface; every hours-moving write is keyed on the session and the input's position, so a
 * repeated hop never applies an effect twice.
 */
public final class UssdEngine {
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("dd/MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final MemberLedger ledger;
    private final Texts screens;
    private final MemberNotices notices;
    private final UssdSettings settings;
    private final Phones phones;
    private final org.timebank.menus.Marketplace marketplace;

    public UssdEngine(MemberLedger ledger, Texts screens, MemberNotices notices, UssdSettings settings, Phones phones,
                      org.timebank.menus.Marketplace marketplace) {
        this.ledger = ledger;
        this.screens = screens;
        this.notices = notices;
        this.settings = settings;
        this.phones = phones;
        this.marketplace = marketplace;
    }

    /** What one hop produced: the next state, the answer ({@code CON …} or {@code END …}), and for an action that moved hours, its outcome. */
    public record Hop(UssdState state, String response, boolean ended, String outcome) {
        public boolean continues() {
            return !ended;
        }
    }

    /** How a new session begins: a dropped session to offer, the outcome of the last action, or neither. */
    public record Entry(UssdState resume, String outcome, boolean shortcut) {
        public static Entry plain() {
            return new Entry(null, null, false);
        }

        public static Entry shortcutDial() {
            return new Entry(null, null, true);
        }
    }

    /**
     * What the engine knows of the caller during one input; {@code pinAhead}, when not null, the
     * caller's PIN state being read beside the member row for a PIN screen's check.
     */
    private record Caller(String sessionId, String phone, Member member, int index, PinStateRead pinAhead) {
        Caller(String sessionId, String phone, Member member, int index) {
            this(sessionId, phone, member, index, null);
        }

        long id() {
            return member.id();
        }
    }

    // ------------------------------------------------------------------ entry

    /** The first screen of a new session. */
    public Future<Hop> dial(String sessionId, String phone, Entry entry) {
        return dial(sessionId, phone, entry, ledger.memberByPhone(phone));
    }

    /** The same, with the caller's member already being read (so the read can run beside the session's). */
    public Future<Hop> dial(String sessionId, String phone, Entry entry, Future<Optional<Member>> member) {
        return member.compose(m -> {
            Caller c = new Caller(sessionId, phone, m.orElse(null), 0);
            if (!entry.shortcut() && entry.resume() != null) {
                UssdState offer = UssdState.at(Screen.RESUME, language(c, entry.resume().language()))
                        .with("resume", entry.resume().toJson().encode());
                return show(c, offer, null);
            }
            if (c.member() == null) return show(c, UssdState.at(Screen.LANGUAGE_PICK, "en"), null);
            if ("pin_required".equals(c.member().status())) return show(c, UssdState.at(Screen.SET_PIN, c.member().language()), null);
            if (!entry.shortcut() && entry.outcome() != null) {
                return show(c, UssdState.at(Screen.OUTCOME, c.member().language()).with("outcome", entry.outcome()), null);
            }
            return afterOutcome(c, UssdState.at(Screen.MAIN, c.member().language()), entry.shortcut());
        });
    }

    /** Waiting requests first (oldest), then the main menu. */
    private Future<Hop> afterOutcome(Caller c, UssdState s, boolean skipWaiting) {
        if (skipWaiting || !"active".equals(c.member().status()) || c.member().waitingRequests() == 0) return show(c, s.home(Screen.MAIN), null);
        return ledger.waitingRequests(c.id()).compose(waiting -> {
            if (waiting.isEmpty()) return show(c, s.home(Screen.MAIN), null);
            PaymentRequest r = waiting.get(0);
            return show(c, s.home(Screen.WAITING).with("request", Long.toString(r.id())).with("reqName", firstName(r.requesterName()))
                    .with("reqMinutes", Long.toString(r.amountMinutes())).with("reqNote", r.note() == null ? "" : r.note()), null);
        });
    }

    // ------------------------------------------------------------------ input

    /** Applies one input (the {@code index}-th of the session's accumulated text) to the state. */
    public Future<Hop> input(String sessionId, String phone, UssdState s, String raw, int index) {
        return input(sessionId, phone, s, raw, index, ledger.memberByPhone(phone));
    }

    /**
     * The same, with the caller's member row given (one the caller read for an earlier hop of the
     * session, at most a minute ago). Nothing decided from it is final: PIN checks and transfers are
     * decided by the ledger, and the balance screen is drawn from the row read at its PIN hop.
     */
    public Future<Hop> input(String sessionId, String phone, UssdState s, String raw, int index, Future<Optional<Member>> member) {
        return input(sessionId, phone, s, raw, index, member, null);
    }

    /**
     * The same, with the caller's PIN state being read ahead for a PIN screen (beside the member
     * row, so the check waits for no second read); used only when it is the member's read.
     */
    public Future<Hop> input(String sessionId, String phone, UssdState s, String raw, int index, Future<Optional<Member>> member,
                             PinStateRead pinAhead) {
        String in = raw == null ? "" : raw.trim();
        return member.compose(m -> {
            Caller c = new Caller(sessionId, phone, m.orElse(null), index, pinAhead);
            if (in.equals("00") && s.screen() == Screen.OUTCOME) return afterOutcome(c, s, false);
            if (in.equals("00") && s.screen() != Screen.LANGUAGE_PICK) return home(c, s);
            if (in.equals("0") && !zeroIsAnswer(s.screen())) return back(c, s);
            if (in.equals("98") && isList(s.screen())) return more(c, s);
            return handle(c, s, in);
        });
    }

    private static boolean zeroIsAnswer(Screen s) {
        return s == Screen.REQUEST_NOTE || s == Screen.SEND_CONFIRM || s == Screen.DONATE_CONFIRM || s == Screen.WAITING_PIN
                || s == Screen.POST_HOURS || s == Screen.POST_CONFIRM;
    }

    private static boolean isList(Screen s) {
        return s == Screen.REG_ORG || s == Screen.DONATE_FUND || s == Screen.BROWSE_CATEGORY || s == Screen.POST_CATEGORY
                || s == Screen.BROWSE_LIST || s == Screen.MY_POSTS;
    }

    private Future<Hop> home(Caller c, UssdState s) {
        if (c.member() == null) return show(c, s.home(Screen.LANGUAGE_PICK), null);
        if ("pin_required".equals(c.member().status())) return show(c, s.home(Screen.SET_PIN), null);
        return show(c, s.home(Screen.MAIN), null);
    }

    private Future<Hop> back(Caller c, UssdState s) {
        if (s.back().isEmpty()) return show(c, s, "ussd.invalid");
        UssdState prev = s.backward();
        if (prev.screen().readsPin()) prev = prev.with("newPinHash", null);
        return show(c, prev, null);
    }

    private Future<Hop> more(Caller c, UssdState s) {
        return pages(c, s).compose(pages -> s.page() + 1 < pages.size() ? show(c, s.withPage(s.page() + 1), null) : show(c, s, "ussd.invalid"));
    }

    private Future<Hop> handle(Caller c, UssdState s, String in) {
        return switch (s.screen()) {
            case LANGUAGE_PICK -> pickLanguage(in).map(lang -> show(c, s.withLanguage(lang).forward(Screen.REG_NAME), null))
                    .orElseGet(() -> show(c, s, "ussd.invalid"));
            case REG_NAME -> MemberInput.name(in).map(name -> show(c, s.with("name", name).forward(Screen.REG_ORG), null))
                    .orElseGet(() -> show(c, s, "ussd.reg.name_invalid"));
            case REG_ORG -> pick(c, s, in)
                    .compose(code -> code == null ? show(c, s, "ussd.invalid") : show(c, s.with("org", code).forward(Screen.REG_PIN), null));
            case REG_PIN, SET_PIN -> newPin(c, s, in, s.screen() == Screen.REG_PIN ? Screen.REG_PIN_AGAIN : Screen.SET_PIN_AGAIN);
            case REG_PIN_AGAIN -> confirmPin(c, s, in, Screen.REG_PIN, this::register);
            case SET_PIN_AGAIN -> confirmPin(c, s, in, Screen.SET_PIN, this::setFirstPin);
            case RESUME -> switch (in) {
                case "1" -> resume(c, s);
                case "2" -> c.member() == null || !"active".equals(c.member().status()) ? home(c, s) : afterOutcome(c, s, false);
                default -> show(c, s, "ussd.invalid");
            };
            case OUTCOME -> show(c, s, "ussd.invalid"); // only 00 (handled above) leads on
            case WAITING -> switch (in) {
                case "1" -> pinAction(c, s, Screen.WAITING_PIN);
                case "2" -> decline(c, s);
                case "3" -> show(c, s.home(Screen.MAIN), null);
                default -> show(c, s, "ussd.invalid");
            };
            case WAITING_PIN -> in.equals("0") ? cancelled(c, s) : withPin(c, s, in, this::payRequest);
            case MAIN -> switch (in) {
                case "1" -> pinAction(c, s, Screen.SEND_PHONE);
                case "2" -> pinAction(c, s, Screen.BALANCE_PIN);
                case "3" -> show(c, s.forward(Screen.OFFERS_MENU), null);
                case "4" -> "suspended".equals(c.member().status()) ? pinAction(c, s, Screen.REQUEST_PHONE) : show(c, s.forward(Screen.REQUEST_PHONE), null);
                case "5" -> pinAction(c, s, Screen.DONATE_FUND);
                case "6" -> show(c, s.forward(Screen.ACCOUNT), null);
                case "7" -> help(c, s);
                default -> show(c, s, "ussd.invalid");
            };
            case SEND_PHONE -> counterparty(c, s, in, Screen.SEND_AMOUNT);
            case REQUEST_PHONE -> counterparty(c, s, in, Screen.REQUEST_AMOUNT);
            case SEND_AMOUNT -> amount(c, s, in, true, Screen.SEND_CONFIRM);
            case REQUEST_AMOUNT -> amount(c, s, in, false, Screen.REQUEST_NOTE);
            case DONATE_AMOUNT -> amount(c, s, in, true, Screen.DONATE_CONFIRM);
            case SEND_CONFIRM -> in.equals("0") ? cancelled(c, s) : withPin(c, s, in, this::send);
            case DONATE_CONFIRM -> in.equals("0") ? cancelled(c, s) : withPin(c, s, in, this::donate);
            case BALANCE_PIN -> withPin(c, s, in, this::balance);
            case REQUEST_NOTE -> in.equals("0") ? show(c, s.with("note", "").forward(Screen.REQUEST_CONFIRM), null)
                    : MemberInput.note(in).map(note -> show(c, s.with("note", note).forward(Screen.REQUEST_CONFIRM), null))
                    .orElseGet(() -> show(c, s, "ussd.request.note_invalid"));
            case REQUEST_CONFIRM -> in.equals("1") ? request(c, s) : show(c, s, "ussd.invalid");
            case DONATE_FUND -> pick(c, s, in)
                    .compose(code -> code == null ? show(c, s, "ussd.invalid") : show(c, s.with("fund", code).forward(Screen.DONATE_AMOUNT), null));
            case ACCOUNT -> switch (in) {
                case "1" -> pinAction(c, s, Screen.PIN_OLD);
                case "2" -> show(c, s.forward(Screen.LANGUAGE), null);
                case "3" -> show(c, s.forward(Screen.DETAILS), null);
                case "4" -> show(c, s.forward(Screen.OFFERS), null);
                default -> show(c, s, "ussd.invalid");
            };
            case PIN_OLD -> withPin(c, s, in, (cc, ss, pin) -> show(cc, ss.with("oldPinHash", ledger.hashPin(pin)).forward(Screen.PIN_NEW), null));
            case PIN_NEW -> {
                if (PinPolicy.isFourDigits(in) && s.get("oldPinHash") != null && ledger.pinMatchesHash(in, s.get("oldPinHash"))) {
                    yield show(c, s, "ussd.pin.same");
                }
                yield newPin(c, s, in, Screen.PIN_NEW_AGAIN);
            }
            case PIN_NEW_AGAIN -> confirmPin(c, s, in, Screen.PIN_NEW, this::changePin);
            case LANGUAGE -> pickLanguage(in).map(lang -> ledger.setLanguage(c.id(), lang)
                    .compose(v -> end(s.withLanguage(lang), text(lang, "ussd.language.saved", Map.of()), null)))
                    .orElseGet(() -> show(c, s, "ussd.invalid"));
            case DETAILS -> show(c, s, "ussd.invalid");
            case OFFERS_MENU -> switch (in) {
                case "1" -> show(c, s.with("kind", "offer").forward(Screen.BROWSE_CATEGORY), null);
                case "2" -> show(c, s.with("kind", "need").forward(Screen.BROWSE_CATEGORY), null);
                case "3" -> show(c, s.with("kind", "offer").forward(Screen.POST_CATEGORY), null);
                case "4" -> show(c, s.with("kind", "need").forward(Screen.POST_CATEGORY), null);
                case "5" -> show(c, s.forward(Screen.MY_POSTS), null);
                default -> show(c, s, "ussd.invalid");
            };
            case BROWSE_CATEGORY -> pick(c, s, in).compose(code -> code == null ? show(c, s, "ussd.invalid")
                    : show(c, s.with("category", code).forward(Screen.BROWSE_LIST), null));
            case BROWSE_LIST -> pick(c, s, in).compose(id -> id == null ? show(c, s, "ussd.invalid")
                    : show(c, s.with("post", id).forward(Screen.POST_DETAIL), null));
            case POST_DETAIL -> in.equals("1") ? contact(c, s) : show(c, s, "ussd.invalid");
            case POST_CATEGORY -> pick(c, s, in).compose(code -> code == null ? show(c, s, "ussd.invalid")
                    : show(c, s.with("category", code).forward(Screen.POST_TEXT), null));
            case POST_TEXT -> in.length() >= 3 && in.length() <= 100 ? show(c, s.with("text", in).forward(Screen.POST_HOURS), null)
                    : show(c, s, "ussd.offers.text_invalid");
            case POST_HOURS -> {
                if (in.equals("0")) yield show(c, s.with("minutes", null).forward(Screen.POST_CONFIRM), null);
                MemberInput.Hours h = MemberInput.hours(in);
                if (h.problem() != null) yield show(c, s, h.problem());
                if (h.minutes() > settings.maxTransferMinutes()) {
                    yield show(c, s, "ussd.amount.over_limit", Map.of("max", HoursFormat.format(settings.maxTransferMinutes())));
                }
                yield show(c, s.with("minutes", Long.toString(h.minutes())).forward(Screen.POST_CONFIRM), null);
            }
            case POST_CONFIRM -> switch (in) {
                case "1" -> publish(c, s);
                case "0" -> show(c, s.home(Screen.MAIN), "ussd.cancelled");
                default -> show(c, s, "ussd.invalid");
            };
            case MY_POSTS -> pick(c, s, in).compose(id -> id == null ? show(c, s, "ussd.invalid")
                    : show(c, s.with("post", id).forward(Screen.MY_POST), null));
            case MY_POST -> in.equals("1") ? ledger.closePost(s.getLong("post"), c.id()).compose(ok -> end(s,
                    text(s.language(), ok ? "ussd.offers.closed" : "ussd.offers.none", Map.of("id", s.get("post"))), null))
                    : show(c, s, "ussd.invalid");
            case OFFERS -> in.equals("1") ? ledger.setOptedOut(c.id(), !c.member().optedOut())
                    .compose(v -> end(s, text(s.language(), c.member().optedOut() ? "ussd.offers.saved_on" : "ussd.offers.saved_off", Map.of()), null))
                    : show(c, s, "ussd.invalid");
        };
    }

    // ------------------------------------------------------------------ flows

    private static Optional<String> pickLanguage(String in) {
        return switch (in) {
            case "1" -> Optional.of("en");
            case "2" -> Optional.of("zh");
            case "3" -> Optional.of("sw");
            default -> Optional.empty();
        };
    }

    /** The code of the item a number picks on the current page of a list, or null. */
    private Future<String> pick(Caller c, UssdState s, String in) {
        if (!in.matches("[1-9]")) return Future.succeededFuture(null);
        return items(c, s).compose(all -> pages(c, s).map(pages -> {
            if (s.page() >= pages.size()) return null;
            List<Integer> shown = pages.get(s.page()).items();
            int n = Integer.parseInt(in);
            return n <= shown.size() ? all.get(shown.get(n - 1)).code() : null;
        }));
    }

    /** Contacting a post's owner: both get an SMS with the other's first name and number, once. */
    private Future<Hop> contact(Caller c, UssdState s) {
        return ledger.postById(s.getLong("post")).compose(p -> {
            if (p.isEmpty() || !"open".equals(p.get().status())) return end(s, text(s.language(), "ussd.offers.none", Map.of()), null);
            org.timebank.ledger.Post post = p.get();
            if (post.memberId() == c.id()) return end(s, text(s.language(), "ussd.offers.own", Map.of()), null);
            return ledger.introduce(post.id(), c.id(), x -> marketplace.introduction(post, c.member())).compose(isNew -> endFitted(s,
                    level -> text(s.language(), isNew ? "ussd.offers.contacted" : "ussd.offers.contacted_before",
                            Map.of("name", name(firstName(post.memberName()), level))), false));
        });
    }

    private Future<Hop> publish(Caller c, UssdState s) {
        Long minutes = s.get("minutes") == null ? null : s.getLong("minutes");
        return marketplace.post(c.member(), s.get("kind"), s.get("category"), s.get("text"), minutes)
                .compose(r -> end(s, text(s.language(), "ussd.offers.posted", Map.of("id", Long.toString(r.post().id()))), null));
    }

    private Future<Hop> newPin(Caller c, UssdState s, String in, Screen again) {
        Optional<PinPolicy.Weakness> weak = PinPolicy.weakness(in, c.phone());
        if (weak.isPresent()) return show(c, s, "ussd.pin.weak." + weak.get().name().toLowerCase(java.util.Locale.ROOT));
        return show(c, s.with("newPinHash", ledger.hashPin(in)).forward(again), null);
    }

    private interface PinDone {
        Future<Hop> apply(Caller c, UssdState s, String pinHash);
    }

    private Future<Hop> confirmPin(Caller c, UssdState s, String in, Screen first, PinDone done) {
        String hash = s.get("newPinHash");
        if (hash == null || !PinPolicy.isFourDigits(in) || !ledger.pinMatchesHash(in, hash)) {
            return show(c, s.backward().onScreen(first).with("newPinHash", null), "ussd.reg.pin_mismatch");
        }
        return done.apply(c, s, hash);
    }

    private Future<Hop> register(Caller c, UssdState s, String pinHash) {
        return ledger.register(c.phone(), s.get("name"), s.get("org"), s.language(), pinHash, notices::welcome).compose(r -> {
            if (r.outcome() != MemberLedger.Registration.REGISTERED) return end(s, text(s.language(), "ussd.reg.taken", Map.of()), null);
            return endFitted(s, level -> text(s.language(), "ussd.reg.done", Map.of("name", name(firstName(r.member().name()), level),
                    "org", clip(r.member().orgName(), 40 - 8 * level), "balance", HoursFormat.format(r.member().balanceMinutes()))), false);
        });
    }

    private Future<Hop> setFirstPin(Caller c, UssdState s, String pinHash) {
        return ledger.setFirstPinHash(c.id(), pinHash).compose(ok -> end(s, text(s.language(), "ussd.setpin.done",
                Map.of("balance", HoursFormat.format(c.member().balanceMinutes()))), null));
    }

    private Future<Hop> changePin(Caller c, UssdState s, String pinHash) {
        return ledger.replacePinHash(c.id(), pinHash).compose(ok -> end(s, text(s.language(), ok ? "ussd.pin.changed" : "ussd.error", Map.of()), null));
    }

    private Future<Hop> resume(Caller c, UssdState s) {
        UssdState saved = UssdState.fromJson(new JsonObject(s.get("resume")));
        UssdState at = saved.onScreen(saved.screen().resumeAt()).with("newPinHash", null).with("oldPinHash",
                saved.screen().resumeAt() == Screen.PIN_OLD ? null : saved.get("oldPinHash"));
        at = new UssdState(at.screen(), saved.page(), at.data(), saved.back(), saved.language());
        if (c.member() != null && at.screen().readsPin() && at.screen() != Screen.REG_PIN) {
            Optional<String> blocked = blockedReason(c);
            if (blocked.isPresent()) return end(at, blocked.get(), null);
        }
        return show(c, at, null);
    }

    /** Before a flow that ends with a PIN: a locked or suspended member is told now, not after typing it all. */
    private Future<Hop> pinAction(Caller c, UssdState s, Screen next) {
        return blocked(c).compose(reason -> reason.isPresent() ? end(s, reason.get(), null) : show(c, s.forward(next), null));
    }

    private Future<Optional<String>> blocked(Caller c) {
        return Future.succeededFuture(blockedReason(c)).compose(r -> r.isEmpty() ? Future.succeededFuture(r)
                : orgOf(c).map(org -> Optional.of(lockText(c, org))));
    }

    private Optional<String> blockedReason(Caller c) {
        String status = c.member().status();
        return "locked".equals(status) || "suspended".equals(status) ? Optional.of(status) : Optional.empty();
    }

    private String lockText(Caller c, Org org) {
        String lang = c.member().language();
        String contact = org.contact() == null ? "-" : org.contact();
        if ("suspended".equals(c.member().status())) {
            return text(lang, "ussd.pin.suspended", Map.of("org", org.name(), "contact", contact));
        }
        Instant until = c.member().pinLockedUntil() == null ? Instant.now() : c.member().pinLockedUntil();
        long minutes = Math.max(1, (Duration.between(Instant.now(), until).toSeconds() + 59) / 60);
        return text(lang, "ussd.pin.locked", Map.of("org", org.name(), "contact", contact, "until", HoursFormat.format(minutes)));
    }

    private Future<Org> orgOf(Caller c) {
        return ledger.org(c.member().org()).map(Optional::orElseThrow);
    }

    private interface WithPin {
        Future<Hop> apply(Caller c, UssdState s, String pin);
    }

    /** Checks a PIN: wrong ones redisplay with the tries left; the lock ends the session saying how to unlock. */
    private Future<Hop> withPin(Caller c, UssdState s, String in, WithPin then) {
        if (!PinPolicy.isFourDigits(in)) return show(c, s, "ussd.pin.weak.not_four_digits");
        return ledger.checkPin(c.id(), in, c.pinAhead()).compose(check -> switch (check.outcome()) {
            case OK -> then.apply(c, s, in);
            case WRONG -> show(c, s, "ussd.pin.wrong", Map.of("tries", Integer.toString(check.triesLeft())));
            case LOCKED, SUSPENDED -> ledger.memberByPhone(c.phone()).compose(m -> {
                Caller fresh = new Caller(c.sessionId(), c.phone(), m.orElseThrow(), c.index());
                return orgOf(fresh).compose(org -> end(s, lockText(fresh, org), null));
            });
            default -> end(s, text(s.language(), "ussd.error", Map.of()), null);
        });
    }

    private Future<Hop> counterparty(Caller c, UssdState s, String in, Screen next) {
        Optional<String> phone = phones.normalise(in);
        if (phone.isEmpty()) return show(c, s, "ussd.phone.invalid");
        if (phone.get().equals(c.phone())) return show(c, s, "ussd.phone.own");
        return ledger.memberByPhone(phone.get()).compose(other -> {
            if (other.isEmpty()) return show(c, s, "ussd.phone.unknown");
            Member o = other.get();
            if ("suspended".equals(o.status()) || "erased".equals(o.status())) return show(c, s, "ussd.phone.inactive");
            return show(c, s.with("to", Long.toString(o.id())).with("toName", firstName(o.name()))
                    .with("toPhone", Phones.mask(o.phone())).forward(next), null);
        });
    }

    private Future<Hop> amount(Caller c, UssdState s, String in, boolean spends, Screen next) {
        MemberInput.Hours h = MemberInput.hours(in);
        if (h.problem() != null) return show(c, s, h.problem());
        if (h.minutes() > settings.maxTransferMinutes()) {
            return show(c, s, "ussd.amount.over_limit", Map.of("max", HoursFormat.format(settings.maxTransferMinutes())));
        }
        if (!spends) return show(c, s.with("minutes", Long.toString(h.minutes())).forward(next), null);
        return orgOf(c).compose(org -> {
            long floor = -(org.creditLimitMinutes() == null ? 0 : org.creditLimitMinutes());
            long most = c.member().balanceMinutes() - floor;
            if (h.minutes() > most) return show(c, s, "ussd.amount.over_balance", Map.of("max", HoursFormat.format(Math.max(0, most))));
            return show(c, s.with("minutes", Long.toString(h.minutes())).forward(next), null);
        });
    }

    private String key(Caller c) {
        return "ussd:" + c.sessionId() + ":" + c.index();
    }

    private Future<Hop> send(Caller c, UssdState s, String pin) {
        TransferCommand cmd = new TransferCommand(TransferKind.SEND, AccountRef.member(c.id()), AccountRef.member(s.getLong("to")),
                s.getLong("minutes"), null, null, key(c), "member:" + c.id());
        return ledger.transfer(cmd, notices).compose(r -> moved(c, s, r, "ussd.send.done", Map.of("name", s.get("toName"))));
    }

    private Future<Hop> donate(Caller c, UssdState s, String pin) {
        return ledger.funds().compose(funds -> {
            Fund fund = funds.stream().filter(f -> f.code().equals(s.get("fund"))).findFirst().orElseThrow();
            TransferCommand cmd = new TransferCommand(TransferKind.DONATION, AccountRef.member(c.id()), AccountRef.fund(fund.code()),
                    s.getLong("minutes"), null, null, key(c), "member:" + c.id());
            return ledger.transfer(cmd, notices).compose(r -> moved(c, s, r, "ussd.donate.done", Map.of("fund", fund.name())));
        });
    }

    private Future<Hop> payRequest(Caller c, UssdState s, String pin) {
        return ledger.payRequest(s.getLong("request"), c.id(), notices)
                .compose(r -> moved(c, s, r, "ussd.waiting.paid", Map.of("name", s.get("reqName"))));
    }

    /** The END screen of an action that moved hours, which is also its outcome for the next dial. */
    private Future<Hop> moved(Caller c, UssdState s, TransferResult r, String doneKey, Map<String, String> args) {
        if (!r.ok()) {
            String key = r.refusal() == Refusal.INSUFFICIENT_BALANCE ? "ussd.send.low_balance"
                    : r.refusal() == Refusal.ACCOUNT_INACTIVE ? "ussd.phone.inactive"
                    : r.refusal() == Refusal.REQUEST_NOT_WAITING ? "ussd.waiting.gone" : "ussd.error";
            return end(s, text(s.language(), key, Map.of()), null);
        }
        Transfer t = r.transfer();
        // the caller paid: the transfer answers the new balance; a replay reads it
        Future<Long> balance = r.fromBalanceMinutes() != null ? Future.succeededFuture(r.fromBalanceMinutes())
                : ledger.memberByPhone(c.phone()).map(m -> m.orElseThrow().balanceMinutes());
        return balance.compose(minutes -> endFitted(s, level -> {
            Map<String, String> a = new HashMap<>();
            args.forEach((k, v) -> a.put(k, k.equals("fund") ? clip(v, 40 - 10 * level) : name(v, level)));
            a.put("hours", HoursFormat.format(t.amountMinutes()));
            a.put("ref", t.reference());
            a.put("balance", HoursFormat.format(minutes));
            return text(s.language(), doneKey, a);
        }, true));
    }

    private Future<Hop> cancelled(Caller c, UssdState s) {
        return show(c, s.home(Screen.MAIN), "ussd.cancelled");
    }

    private Future<Hop> balance(Caller c, UssdState s, String pin) {
        return ledger.recentTransfers(c.id(), 3).compose(recent -> {
            List<String> lines = new ArrayList<>();
            for (Transfer t : recent) {
                boolean out = t.from().type().equals("member") && t.from().id().equals(Long.toString(c.id()));
                var party = out ? t.to() : t.from();
                String other = party.type().equals("member") ? firstName(party.name()) : clip(party.name(), 12);
                lines.add(text(s.language(), "ussd.statement.line", Map.of("date", DAY_MONTH.format(t.createdAt()),
                        "amount", (out ? "-" : "+") + HoursFormat.format(t.amountMinutes()), "name", other)));
            }
            if (lines.isEmpty()) lines.add(text(s.language(), "ussd.statement.none", Map.of()));
            List<String> full = lines;
            return endFitted(s, level -> text(s.language(), "ussd.balance.done", Map.of("balance", HoursFormat.format(c.member().balanceMinutes()),
                    "lines", String.join("\n", level == 0 ? full : full.stream().map(l -> clip(l, 22 - 4 * level)).toList()))), false);
        });
    }

    private Future<Hop> request(Caller c, UssdState s) {
        String note = s.get("note") == null || s.get("note").isEmpty() ? null : s.get("note");
        return ledger.createRequest(c.id(), s.getLong("to"), s.getLong("minutes"), note, key(c), settings.requestExpiryDays(),
                notices::requestReceived).compose(r -> endFitted(s, level -> text(s.language(), "ussd.request.done",
                Map.of("name", name(s.get("toName"), level))), false));
    }

    private Future<Hop> decline(Caller c, UssdState s) {
        return ledger.declineRequest(s.getLong("request"), c.id(), notices::requestDeclined).compose(ok -> endFitted(s,
                level -> text(s.language(), ok ? "ussd.waiting.declined" : "ussd.waiting.gone", Map.of("name", name(s.get("reqName"), level))), false));
    }

    private Future<Hop> help(Caller c, UssdState s) {
        return orgOf(c).compose(org -> endFitted(s, level -> text(s.language(), "ussd.help", Map.of("org", clip(org.name(), 40 - 8 * level),
                "contact", org.contact() == null ? "-" : org.contact(), "code", settings.serviceCode())), false));
    }

    // ------------------------------------------------------------------ rendering

    private Future<Hop> show(Caller c, UssdState s, String noticeKey) {
        return show(c, s, noticeKey, Map.of());
    }

    private Future<Hop> show(Caller c, UssdState s, String noticeKey, Map<String, String> noticeArgs) {
        String notice = noticeKey == null ? null : text(s.language(), noticeKey, noticeArgs);
        return fitted(level -> body(c, s, notice, level), 0).map(text -> new Hop(s, "CON " + text, false, null));
    }

    /**
     * Renders at the first squeeze level whose text fits the screen: names and notes members typed
     * are cut shorter at each level (a Chinese name makes an English screen UCS-2, halving its room).
     */
    private Future<String> fitted(java.util.function.IntFunction<Future<String>> render, int level) {
        return render.apply(level).compose(text -> level >= 3 || fits(text) ? Future.succeededFuture(text) : fitted(render, level + 1));
    }

    private boolean fits(String text) {
        return org.timebank.sms.TextLength.fitsScreen(text, settings.maxGsmChars(), settings.maxUcsChars());
    }

    /** An END screen whose text names people: squeezed like {@link #fitted}. */
    private Future<Hop> endFitted(UssdState s, java.util.function.IntFunction<String> render, boolean isOutcome) {
        String text = render.apply(0);
        for (int level = 1; level <= 3 && !(fits(text) && (!isOutcome || fits(outcomeScreen(s.language(), text)))); level++) {
            text = render.apply(level);
        }
        return end(s, text, isOutcome ? text : null);
    }

    /** The screen that shows an outcome on the next dial. */
    private String outcomeScreen(String lang, String outcome) {
        return text(lang, "ussd.outcome", Map.of("outcome", outcome)) + "\n" + t(lang, "ussd.opt.home");
    }

    private static final int[] NAME_WIDTH = {12, 8, 5, 2};
    private static final int[] NOTE_WIDTH = {25, 12, 6, 1};

    static String name(String name, int level) {
        return clip(name, NAME_WIDTH[level]);
    }

    static String note(String note, int level) {
        return note == null || note.isEmpty() ? "-" : clip(note, NOTE_WIDTH[level]);
    }

    private Future<Hop> end(UssdState s, String text, String outcome) {
        return Future.succeededFuture(new Hop(s, "END " + text, true, outcome));
    }

    /** The text of a screen, with an optional notice line first. */
    private Future<String> body(Caller c, UssdState s, String notice, int level) {
        String lang = s.language();
        List<String> lines = new ArrayList<>();
        if (notice != null) lines.add(notice);
        String back = t(lang, "ussd.opt.back");
        switch (s.screen()) {
            case LANGUAGE_PICK -> lines.addAll(List.of(t(lang, "ussd.welcome"), t(lang, "ussd.lang.en"), t(lang, "ussd.lang.zh"), t(lang, "ussd.lang.sw")));
            case REG_NAME -> lines.addAll(List.of(t(lang, "ussd.reg.name"), back));
            case REG_ORG, DONATE_FUND, BROWSE_CATEGORY, POST_CATEGORY, BROWSE_LIST, MY_POSTS -> {
                return listPage(c, s, lines).map(p -> p.text());
            }
            case OFFERS_MENU -> lines.addAll(List.of(t(lang, "ussd.offers.browse_offers"), t(lang, "ussd.offers.browse_needs"),
                    t(lang, "ussd.offers.post_offer"), t(lang, "ussd.offers.post_need"), t(lang, "ussd.offers.mine"), back));
            case POST_DETAIL, MY_POST -> {
                return ledger.postById(s.getLong("post")).map(p -> {
                    org.timebank.ledger.Post post = p.orElseThrow();
                    String stars = post.ratingCount() == 0 ? "" : "(" + Math.round(post.ratingAverage() * 10) / 10.0 + "/5)";
                    lines.add(text(lang, "ussd.offers.detail", Map.of("id", Long.toString(post.id()), "name", name(firstName(post.memberName()), level),
                            "stars", stars, "body", clip(post.body(), 60 - 18 * level), "hours", post.minutes() == null ? "" : HoursFormat.format(post.minutes()))));
                    lines.add(t(lang, s.screen() == Screen.POST_DETAIL ? "ussd.offers.contact" : "ussd.offers.close"));
                    lines.add(back);
                    return String.join("\n", lines).replace("\n\n", "\n");
                });
            }
            case POST_TEXT -> lines.addAll(List.of(t(lang, "ussd.offers.text"), back));
            case POST_HOURS -> lines.add(t(lang, "ussd.offers.hours"));
            case POST_CONFIRM -> lines.addAll(List.of(text(lang, "ussd.offers.confirm", Map.of("text", note(s.get("text"), level),
                    "hours", s.get("minutes") == null ? "-" : HoursFormat.format(s.getLong("minutes")))), t(lang, "ussd.opt.cancel")));
            case REG_PIN -> lines.addAll(List.of(t(lang, "ussd.reg.pin"), back));
            case REG_PIN_AGAIN, SET_PIN_AGAIN, PIN_NEW_AGAIN -> lines.addAll(List.of(t(lang, s.screen() == Screen.PIN_NEW_AGAIN
                    ? "ussd.pin.new_again" : "ussd.reg.pin_again"), back));
            case SET_PIN -> lines.add(text(lang, "ussd.setpin.intro", Map.of("name", c.member() == null ? "" : name(firstName(c.member().name()), level))));
            case RESUME -> lines.add(t(lang, "ussd.resume"));
            case OUTCOME -> lines.addAll(List.of(text(lang, "ussd.outcome", Map.of("outcome", s.get("outcome"))), t(lang, "ussd.opt.home")));
            case WAITING -> lines.add(text(lang, "ussd.waiting", Map.of("name", name(s.get("reqName"), level),
                    "hours", HoursFormat.format(s.getLong("reqMinutes")), "note", note(s.get("reqNote"), level))));
            case WAITING_PIN -> lines.addAll(List.of(text(lang, "ussd.waiting.pin", Map.of("name", name(s.get("reqName"), level),
                    "hours", HoursFormat.format(s.getLong("reqMinutes")))), t(lang, "ussd.opt.cancel")));
            case MAIN -> lines.addAll(List.of(t(lang, "ussd.main.send"), t(lang, "ussd.main.balance"), t(lang, "ussd.main.offers"), t(lang, "ussd.main.request"),
                    t(lang, "ussd.main.donate"), t(lang, "ussd.main.account"), t(lang, "ussd.main.help")));
            case SEND_PHONE -> lines.addAll(List.of(t(lang, "ussd.send.phone"), back));
            case REQUEST_PHONE -> lines.addAll(List.of(t(lang, "ussd.request.phone"), back));
            case SEND_AMOUNT, REQUEST_AMOUNT, DONATE_AMOUNT -> lines.addAll(List.of(t(lang, "ussd.amount"), back));
            case SEND_CONFIRM -> lines.addAll(List.of(text(lang, "ussd.send.confirm", Map.of("hours", HoursFormat.format(s.getLong("minutes")),
                    "name", name(s.get("toName"), level), "phone", s.get("toPhone"))), t(lang, "ussd.opt.cancel")));
            case BALANCE_PIN -> lines.addAll(List.of(t(lang, "ussd.balance.pin"), back));
            case REQUEST_NOTE -> lines.add(t(lang, "ussd.request.note"));
            case REQUEST_CONFIRM -> lines.addAll(List.of(text(lang, "ussd.request.confirm", Map.of("name", name(s.get("toName"), level),
                    "phone", s.get("toPhone"), "hours", HoursFormat.format(s.getLong("minutes")), "note", note(s.get("note"), level))), back));
            case DONATE_CONFIRM -> {
                return ledger.funds().map(funds -> {
                    String fund = funds.stream().filter(f -> f.code().equals(s.get("fund"))).map(Fund::name).findFirst().orElse(s.get("fund"));
                    lines.addAll(List.of(text(lang, "ussd.donate.confirm", Map.of("hours", HoursFormat.format(s.getLong("minutes")),
                            "fund", clip(fund, 40 - 10 * level))), t(lang, "ussd.opt.cancel")));
                    return String.join("\n", lines);
                });
            }
            case ACCOUNT -> lines.addAll(List.of(t(lang, "ussd.account.pin"), t(lang, "ussd.account.language"),
                    t(lang, "ussd.account.details"), t(lang, "ussd.account.offers"), back));
            case PIN_OLD -> lines.addAll(List.of(t(lang, "ussd.pin.old"), back));
            case PIN_NEW -> lines.addAll(List.of(t(lang, "ussd.pin.new"), back));
            case LANGUAGE -> lines.addAll(List.of(t(lang, "ussd.language"), t(lang, "ussd.lang.en"), t(lang, "ussd.lang.zh"),
                    t(lang, "ussd.lang.sw"), back));
            case DETAILS -> lines.addAll(List.of(text(lang, "ussd.details", Map.of("name", clip(c.member().name(), 20 - 5 * level),
                    "org", clip(c.member().orgName(), 24 - 4 * level), "since", DATE.format(c.member().createdAt()))), back));
            case OFFERS -> lines.addAll(List.of(t(lang, c.member().optedOut() ? "ussd.offers.off" : "ussd.offers.on"), back));
        }
        return Future.succeededFuture(String.join("\n", lines));
    }

    /** One entry of a list screen: what it shows and what picking it chooses. */
    private record Item(String label, String code) {}

    private Future<List<Item>> items(Caller c, UssdState s) {
        String lang = s.language();
        return switch (s.screen()) {
            case REG_ORG -> ledger.orgs().map(orgs -> orgs.stream().map(o -> new Item(o.name(), o.code())).toList());
            case DONATE_FUND -> ledger.funds().map(funds -> funds.stream().map(f -> new Item(f.name(), f.code())).toList());
            case BROWSE_CATEGORY, POST_CATEGORY -> ledger.categories().map(cats -> cats.stream()
                    .map(k -> new Item(clip(k.name(lang), 30), k.code())).toList());
            case BROWSE_LIST -> ledger.browsePosts(s.get("kind"), s.get("category"), c.member().district()).map(posts -> posts.stream()
                    .map(p -> new Item("#" + p.id() + " " + clip(firstName(p.memberName()), 8) + ": " + clip(p.body(), 18), Long.toString(p.id()))).toList());
            case MY_POSTS -> ledger.myPosts(c.id()).map(posts -> posts.stream()
                    .map(p -> new Item("#" + p.id() + " " + clip(p.body(), 24), Long.toString(p.id()))).toList());
            default -> Future.succeededFuture(List.of());
        };
    }

    private String title(UssdState s, boolean empty) {
        String lang = s.language();
        return switch (s.screen()) {
            case REG_ORG -> t(lang, "ussd.reg.org");
            case DONATE_FUND -> t(lang, "ussd.donate.fund");
            case BROWSE_CATEGORY, POST_CATEGORY -> t(lang, "ussd.offers.category");
            case BROWSE_LIST -> t(lang, empty ? "ussd.offers.none" : "offer".equals(s.get("kind")) ? "ussd.offers.list_offers" : "ussd.offers.list_needs");
            case MY_POSTS -> t(lang, empty ? "ussd.offers.none" : "ussd.offers.mine_title");
            default -> "";
        };
    }

    /**
     * A list screen's pages. The split into pages leaves room for a notice line, so the items a
     * number picks are the same whether or not "Invalid choice" is shown above them.
     */
    private Future<List<Pager.Page>> pages(Caller c, UssdState s) {
        String lang = s.language();
        return items(c, s).map(l -> Pager.pages(t(lang, "ussd.invalid") + "\n" + title(s, l.isEmpty()), l.stream().map(Item::label).toList(),
                t(lang, "ussd.opt.more"), List.of(t(lang, "ussd.opt.back")), settings.maxGsmChars(), settings.maxUcsChars()));
    }

    private Future<Pager.Page> listPage(Caller c, UssdState s, List<String> head) {
        String lang = s.language();
        return items(c, s).compose(l -> pages(c, s).map(pages -> {
            List<String> lines = new ArrayList<>(head);
            lines.add(title(s, l.isEmpty()));
            Pager.Page p = pages.get(Math.min(s.page(), pages.size() - 1));
            String text = Pager.render(String.join("\n", lines), l.stream().map(Item::label).toList(), p.items(),
                    p.hasMore() ? t(lang, "ussd.opt.more") : null, List.of(t(lang, "ussd.opt.back")));
            return new Pager.Page(text, p.items(), p.hasMore());
        }));
    }

    private String t(String lang, String key) {
        return text(lang, key, Map.of());
    }

    private String text(String lang, String key, Map<String, String> args) {
        return screens.render(Language.fromCode(lang).orElse(Language.EN), key, args).replace("..", ".");
    }

    private static String language(Caller c, String fallback) {
        return c.member() != null ? c.member().language() : fallback == null ? "en" : fallback;
    }

    /** What other members see of a name: the first word, cut to 12 characters. */
    static String firstName(String name) {
        return clip(org.timebank.menus.Display.firstWord(name), 12);
    }

    /** A name cut to fit a screen line. */
    static String shortName(String name) {
        return name == null ? "-" : clip(name, 20);
    }

    /** Text cut to at most {@code max} characters, marked with a dot where cut. */
    static String clip(String text, int max) {
        return org.timebank.menus.Display.clip(text, max);
    }
}
