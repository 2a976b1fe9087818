package org.timebank.menus.sms;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.timebank.ledger.Fund;
import org.timebank.ledger.Member;
import org.timebank.ledger.MemberLedger;
import org.timebank.ledger.Org;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.PaymentRequest;
import org.timebank.ledger.Pending;
import org.timebank.ledger.PendingRead;
import org.timebank.ledger.PinChange;
import org.timebank.ledger.PinCheck;
import org.timebank.ledger.Phones;
import org.timebank.ledger.Refusal;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.TransferResult;
import org.timebank.menus.MemberNotices;
import org.timebank.sms.HoursFormat;
import org.timebank.sms.Language;
import org.timebank.sms.Texts;

/**
 * The SMS command language of sms.md: one inbound message in, the replies to write to the outbox
 * out. Hours-moving commands are two-step: SEND and DONATE hold a pending item that only the
 * sender's own PIN (or {@code YES <PIN>}) confirms; a request from someone else is paid only by
 * {@code PAY}. The ledger is reached through {@link MemberLedger}; receipts of a transfer are
 * written by the ledger in the transfer's transaction, so the sender's receipt is its reply, and the
 * reply to a SEND or DONATE ("reply with your PIN") is written with the item it holds.
 */
public final class SmsService {
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("dd/MM").withZone(ZoneOffset.UTC);

    private final MemberLedger ledger;
    private final Texts texts;
    private final MemberNotices notices;
    private final Phones phones;
    private final Settings settings;
    private final org.timebank.menus.Marketplace marketplace;

    /** The SMS settings of http.md. */
    public record Settings(String serviceCode, long maxTransferMinutes, int pendingSeconds, int requestExpiryDays, int postExpiryDays) {}

    public SmsService(MemberLedger ledger, Texts texts, MemberNotices notices, Phones phones, Settings settings) {
        this.ledger = ledger;
        this.texts = texts;
        this.notices = notices;
        this.phones = phones;
        this.settings = settings;
        this.marketplace = new org.timebank.menus.Marketplace(ledger, texts, settings.postExpiryDays());
    }

    /** A reply to the sender, keyed on the inbound message so a retried handling writes it once. */
    private record Reply(String phone, Long memberId, String language, String key, Map<String, String> args) {}

    /** Handles one inbound message from {@code phone} (E.164); {@code replyKey} names it (provider and message id). */
    public Future<List<OutboundSms>> handle(String phone, String text, String replyKey) {
        return ledger.memberByPhone(phone).compose(sender -> handle(phone, text, replyKey, sender));
    }

    /**
     * {@link #handle(String, String, String)} with the sender already read, e.g. in the statement
     * that recorded the message: one read and one wait fewer before acting on it.
     */
    public Future<List<OutboundSms>> handle(String phone, String text, String replyKey, Optional<Member> sender) {
        return handle(phone, text, replyKey, readAhead(text), new Read(sender, Map.of(), null));
    }

    /**
     * What acting on a message would read that the caller can read with the message's record: the
     * number (E.164) of the other member its SEND or ASK names, when valid, and whether it is a PIN
     * reply (that reads the sender's waiting item and PIN state); with the command parsed, so
     * handling it does not parse it again.
     */
    public record ReadAhead(SmsCommand command, Optional<String> namedNumber, boolean waitingItem) {}

    public ReadAhead readAhead(String text) {
        SmsCommand command = SmsParser.parse(text);
        String raw = command instanceof SmsCommand.Send s ? s.phone() : command instanceof SmsCommand.Ask a ? a.phone() : null;
        return new ReadAhead(command, raw == null ? Optional.empty() : phones.normalise(raw), command instanceof SmsCommand.Confirm);
    }

    /**
     * What was read with the message: its sender, the member it names by the number it was read by
     * ({@code named}: to none for a number that is no member's; empty when not read), and the
     * sender's waiting item for a PIN reply ({@code waiting}, null when not read).
     */
    public record Read(Optional<Member> sender, Map<String, Optional<Member>> named, PendingRead waiting) {}

    /** {@link #handle(String, String, String)} with what {@link #readAhead} of {@code text} asked for already read. */
    public Future<List<OutboundSms>> handle(String phone, String text, String replyKey, ReadAhead ahead, Read read) {
        Ctx c = new Ctx(phone, read.sender().orElse(null), replyKey, guessLanguage(text), read);
        return dispatch(c, ahead.command()).map(replies -> {
            List<OutboundSms> out = new ArrayList<>();
            for (Reply r : replies) out.add(outbound(r, replyKey, out.size()));
            return out;
        });
    }

    /** The {@code n}th reply to the inbound message {@code replyKey} names, rendered for the outbox. */
    private OutboundSms outbound(Reply r, String replyKey, int n) {
        String body = texts.render(Language.fromCode(r.language()).orElse(Language.EN), r.key(), r.args());
        return new OutboundSms(r.phone(), r.memberId(), body, OutboundSms.Purpose.REPLY, "reply:" + replyKey + ":" + n);
    }

    /** One message being handled: who sent it, and what was read with it. */
    private record Ctx(String phone, Member member, String replyKey, String guessedLanguage, Read read) {
        String language() {
            return member != null ? member.language() : guessedLanguage;
        }

        Long memberId() {
            return member == null ? null : member.id();
        }
    }

    private Future<List<Reply>> one(Ctx c, String key, Map<String, String> args) {
        return Future.succeededFuture(List.of(reply(c, key, args)));
    }

    private static Reply reply(Ctx c, String key, Map<String, String> args) {
        return new Reply(c.phone(), c.memberId(), c.language(), key, args);
    }

    /** Holds a SEND or DONATE for the PIN, its only reply written with it. */
    private Future<List<Reply>> hold(Ctx c, String kind, Long toMemberId, String fundCode, long minutes, String note, String replyKey,
                                     Map<String, String> replyArgs) {
        OutboundSms reply = outbound(reply(c, replyKey, replyArgs), c.replyKey(), 0);
        return ledger.holdPending(c.member().id(), kind, toMemberId, fundCode, minutes, note, settings.pendingSeconds(), reply).map(p -> List.of());
    }

    private Future<List<Reply>> one(Ctx c, String key) {
        return one(c, key, Map.of());
    }

    private static final Future<List<Reply>> NONE = Future.succeededFuture(List.of());

    private Future<List<Reply>> dispatch(Ctx c, SmsCommand cmd) {
        if (cmd instanceof SmsCommand.Help) return one(c, "sms.reply.help");
        if (cmd instanceof SmsCommand.Stop) return c.member() == null ? one(c, "sms.reply.stop.done") : optOut(c, true);
        if (cmd instanceof SmsCommand.Start) return c.member() == null ? one(c, "sms.reply.start.done") : optOut(c, false);
        if (cmd instanceof SmsCommand.Register r) return register(c, r);
        if (c.member() == null) return one(c, "sms.reply.not_member");
        if (cmd instanceof SmsCommand.Cancel) return ledger.currentPending(c.member().id())
                .compose(p -> p.isPresent() ? cancel(c) : optOut(c, true));
        if (cmd instanceof SmsCommand.No) return cancel(c);
        if (cmd instanceof SmsCommand.Language l) return ledger.setLanguage(c.member().id(), l.code())
                .compose(v -> Future.succeededFuture(List.of(new Reply(c.phone(), c.memberId(), l.code(), "sms.reply.lang.set", Map.of()))));
        if (cmd instanceof SmsCommand.SetOrChangePin p) return pin(c, p);
        if ("pin_required".equals(c.member().status())) return one(c, "sms.reply.pin.needed");
        if (cmd instanceof SmsCommand.Balance b) return b.pin() == null ? one(c, "sms.reply.bal.how") : withPin(c, b.pin(), () -> balance(c));
        if (cmd instanceof SmsCommand.Send s) return send(c, s);
        if (cmd instanceof SmsCommand.Donate d) return donate(c, d);
        if (cmd instanceof SmsCommand.Confirm k) return confirm(c, k.pin());
        if (cmd instanceof SmsCommand.Ask a) return ask(c, a);
        if (cmd instanceof SmsCommand.Pay p) return pay(c, p);
        if (cmd instanceof SmsCommand.Decline d) return decline(c, d);
        if (cmd instanceof SmsCommand.Invalid i) return invalid(c, i);
        if (cmd instanceof SmsCommand.Marketplace m) return market(c, m);
        return one(c, "sms.reply.unknown");
    }

    // ------------------------------------------------------------------ needs and offers

    private Future<List<Reply>> market(Ctx c, SmsCommand.Marketplace m) {
        String rest = m.rest() == null ? "" : m.rest().trim();
        return switch (m.keyword()) {
            case "NEED", "OFFER" -> post(c, m.keyword().toLowerCase(java.util.Locale.ROOT), rest);
            case "FIND" -> find(c, rest);
            case "CONTACT" -> contact(c, rest);
            case "DONE" -> done(c, rest);
            case "RATE" -> rate(c, rest);
            default -> one(c, "sms.reply.unknown");
        };
    }

    private Future<List<Reply>> post(Ctx c, String kind, String text) {
        if (text.length() < 3) return one(c, "sms.reply.post.how");
        String body = clip(text, 160);
        return ledger.categories().compose(categories -> marketplace.post(c.member(), kind, org.timebank.menus.CategoryGuess.of(body, categories),
                body, null).compose(r -> {
                    String lang = c.language();
                    String matchText = r.matches().isEmpty() ? render(lang, "sms.reply.post.no_matches", Map.of())
                            : render(lang, "sms.reply.post.matches", Map.of("list", list(r.matches())));
                    return one(c, "sms.reply.post.done", Map.of("kind", render(lang, "sms.word." + kind, Map.of()),
                            "id", Long.toString(r.post().id()), "matches", matchText));
                }));
    }

    private Future<List<Reply>> find(Ctx c, String rest) {
        String kind = "offer", words = rest;
        String[] parts = rest.split("\\s+", 2);
        String first = parts[0].toUpperCase(java.util.Locale.ROOT);
        if (java.util.Set.of("NEED", "NEEDS", "HITAJI", "需要").contains(first)) {
            kind = "need";
            words = parts.length > 1 ? parts[1] : "";
        } else if (java.util.Set.of("OFFER", "OFFERS", "TOA", "提供").contains(first)) {
            words = parts.length > 1 ? parts[1] : "";
        }
        if (words.isBlank()) return one(c, "sms.reply.find.none");
        return ledger.findPosts(kind, words, c.member().district(), 3).compose(found -> found.isEmpty() ? one(c, "sms.reply.find.none")
                : one(c, "sms.reply.find.results", Map.of("list", list(found))));
    }

    private Future<List<Reply>> contact(Ctx c, String rest) {
        String id = rest.replace("#", "").trim();
        if (!id.matches("[0-9]{1,12}")) return one(c, "sms.reply.contact.unknown", Map.of("id", clip(id, 12)));
        return ledger.postById(Long.parseLong(id)).compose(p -> {
            if (p.isEmpty() || !"open".equals(p.get().status())) return one(c, "sms.reply.contact.unknown", Map.of("id", id));
            org.timebank.ledger.Post post = p.get();
            if (post.memberId() == c.member().id()) return one(c, "sms.reply.contact.own");
            Member me = c.member();
            return ledger.introduce(post.id(), me.id(), x -> marketplace.introduction(post, me))
                    .compose(isNew -> isNew ? Future.succeededFuture(List.<Reply>of())
                            : one(c, "sms.reply.contact.again", Map.of("name", firstName(post.memberName()))));
        });
    }

    private Future<List<Reply>> done(Ctx c, String rest) {
        String id = rest.replace("#", "").trim();
        if (!id.matches("[0-9]{1,12}")) return one(c, "sms.reply.done.unknown", Map.of("id", clip(id, 12)));
        return ledger.closePost(Long.parseLong(id), c.member().id())
                .compose(ok -> one(c, ok ? "sms.reply.done.done" : "sms.reply.done.unknown", Map.of("id", id)));
    }

    private Future<List<Reply>> rate(Ctx c, String rest) {
        String[] parts = rest.trim().split("\\s+");
        if (parts.length != 2 || !parts[1].matches("[1-5]")) return one(c, "sms.reply.rate.how");
        String ref = parts[0].toUpperCase(java.util.Locale.ROOT);
        if (!ref.matches("[A-Z0-9]{6}")) return one(c, "sms.reply.rate.how");
        return ledger.rate(ref, c.member().id(), Integer.parseInt(parts[1])).compose(outcome -> switch (outcome) {
            case "RATED" -> one(c, "sms.reply.rate.done");
            case "ALREADY_RATED" -> one(c, "sms.reply.rate.already");
            default -> one(c, "sms.reply.rate.unknown", Map.of("ref", ref));
        });
    }

    private static String list(List<org.timebank.ledger.Post> posts) {
        List<String> items = new ArrayList<>();
        for (org.timebank.ledger.Post p : posts) items.add("#" + p.id() + " " + clip(firstName(p.memberName()), 12) + ": " + clip(p.body(), 24));
        return String.join("; ", items);
    }

    private String render(String lang, String key, Map<String, String> args) {
        return texts.render(Language.fromCode(lang).orElse(Language.EN), key, args);
    }

    // ------------------------------------------------------------------ joining and PINs

    private Future<List<Reply>> register(Ctx c, SmsCommand.Register r) {
        if (c.member() != null) return one(c, "sms.reply.reg.already");
        return ledger.orgs().compose(orgs -> {
            String codes = String.join(", ", orgs.stream().map(Org::code).toList());
            Optional<Org> org;
            SmsCommand.Register r0 = r;
            String[] words = r.name().trim().split("\\s+");
            if (r.orgCode() == null && words.length >= 2) { // "REG Peter Lam ssp": a code typed in lower case
                String last = words[words.length - 1];
                if (orgs.stream().anyMatch(o -> o.code().equalsIgnoreCase(last))) {
                    r0 = new SmsCommand.Register(r.name().trim().substring(0, r.name().trim().length() - last.length()).trim(), last);
                }
            } else if (r.orgCode() != null && orgs.stream().noneMatch(o -> o.code().equalsIgnoreCase(r.orgCode()))
                    && r.orgCode().matches("[A-Za-z]+")) { // "REG PETER LAM": LAM is part of the name
                r0 = new SmsCommand.Register(r.name() + " " + r.orgCode(), null);
            }
            SmsCommand.Register reg = r0;
            return registerAs(c, reg, orgs, codes);
        });
    }

    private Future<List<Reply>> registerAs(Ctx c, SmsCommand.Register r, List<Org> orgs, String codes) {
        {
            Optional<Org> org;
            if (r.orgCode() == null) {
                if (orgs.size() != 1) {
                    return one(c, "sms.reply.reg.choose_org", Map.of("name", clip(r.name(), 20), "example", orgs.isEmpty() ? "-" : orgs.get(0).code(),
                            "codes", codes));
                }
                org = Optional.of(orgs.get(0));
            } else {
                org = orgs.stream().filter(o -> o.code().equalsIgnoreCase(r.orgCode())).findFirst();
                if (org.isEmpty()) return one(c, "sms.reply.reg.unknown_org", Map.of("code", r.orgCode(), "codes", codes));
            }
            return ledger.register(c.phone(), r.name(), org.get().code(), c.language(), null, m -> List.of()).compose(reg -> {
                if (reg.outcome() != MemberLedger.Registration.REGISTERED) return one(c, "sms.reply.reg.already");
                Ctx joined = new Ctx(c.phone(), reg.member(), c.replyKey(), c.guessedLanguage(), c.read());
                return one(joined, "sms.reply.reg.done", Map.of("name", firstName(r.name()), "org", org.get().name()));
            });
        }
    }

    private Future<List<Reply>> pin(Ctx c, SmsCommand.SetOrChangePin p) {
        long id = c.member().id();
        if ("pin_required".equals(c.member().status())) {
            if (!p.first().equals(p.second())) return one(c, "sms.reply.pin.mismatch");
            return ledger.setFirstPin(id, p.first()).compose(change -> pinChanged(c, change, "sms.reply.pin.set"));
        }
        return ledger.changePin(id, p.first(), p.second()).compose(change -> pinChanged(c, change, "sms.reply.pin.changed"));
    }

    private Future<List<Reply>> pinChanged(Ctx c, PinChange change, String doneKey) {
        return switch (change.outcome()) {
            case CHANGED -> one(c, doneKey);
            case WEAK -> one(c, "sms.reply.pin.weak");
            case SAME_AS_OLD -> one(c, "sms.reply.pin.same");
            case OLD_PIN_REFUSED -> pinRefused(c, change.check());
            case NOT_ALLOWED -> one(c, "sms.reply.error");
        };
    }

    /** Runs {@code then} only after the member's PIN checks out; wrong PINs count towards the lock. */
    private Future<List<Reply>> withPin(Ctx c, String pin, java.util.function.Supplier<Future<List<Reply>>> then) {
        return ledger.checkPin(c.member().id(), pin).compose(check -> check.ok() ? then.get() : pinRefused(c, check));
    }

    private Future<List<Reply>> pinRefused(Ctx c, PinCheck check) {
        return switch (check.outcome()) {
            case WRONG -> one(c, "sms.reply.pin.wrong", Map.of("tries", Integer.toString(check.triesLeft())));
            case LOCKED, SUSPENDED -> ledger.memberByPhone(c.phone()).compose(m -> ledger.org(m.orElseThrow().org()).compose(org -> {
                Member fresh = m.get();
                String contact = org.map(o -> o.contact() == null ? "-" : o.contact()).orElse("-");
                String orgName = org.map(Org::name).orElse("-");
                if ("suspended".equals(fresh.status())) return one(c, "sms.reply.suspended", Map.of("org", orgName, "contact", contact));
                Instant until = fresh.pinLockedUntil() == null ? Instant.now() : fresh.pinLockedUntil();
                long minutes = Math.max(1, (Duration.between(Instant.now(), until).toSeconds() + 59) / 60);
                return one(c, "sms.reply.pin.locked", Map.of("org", orgName, "contact", contact, "until", HoursFormat.format(minutes)));
            }));
            case NO_PIN -> one(c, "sms.reply.pin.needed");
            default -> one(c, "sms.reply.error");
        };
    }

    private Future<List<Reply>> balance(Ctx c) {
        return ledger.recentTransfers(c.member().id(), 3).compose(recent -> {
            List<String> lines = new ArrayList<>();
            for (Transfer t : recent) {
                boolean out = t.from().type().equals("member") && t.from().id().equals(Long.toString(c.member().id()));
                var party = out ? t.to() : t.from();
                String name = party.type().equals("member") ? firstName(party.name()) : clip(party.name(), 16);
                lines.add(DAY_MONTH.format(t.createdAt()) + " " + (out ? "-" : "+") + HoursFormat.format(t.amountMinutes()) + " " + name);
            }
            return ledger.memberByPhone(c.phone()).compose(m -> one(c, "sms.reply.bal.done",
                    Map.of("balance", HoursFormat.format(m.orElseThrow().balanceMinutes()), "lines", String.join("; ", lines))));
        });
    }

    // ------------------------------------------------------------------ moving hours

    /** The other member a command names, or the reply that says why not. */
    private Future<Object> counterparty(Ctx c, String rawPhone) {
        Optional<String> phone = phones.normalise(rawPhone);
        if (phone.isEmpty()) return Future.succeededFuture("sms.reply.phone.invalid");
        if (phone.get().equals(c.phone())) return Future.succeededFuture("sms.reply.phone.own");
        Optional<Member> readWithMessage = c.read().named().get(phone.get());
        Future<Optional<Member>> member = readWithMessage != null ? Future.succeededFuture(readWithMessage) : ledger.memberByPhone(phone.get());
        return member.map(o -> {
            if (o.isEmpty()) return (Object) "sms.reply.phone.unknown";
            if ("suspended".equals(o.get().status()) || "erased".equals(o.get().status())) return "sms.reply.phone.inactive";
            return o.get();
        });
    }

    /** The reply key when an amount is over the per-transfer limit or the balance, else null. */
    private Future<Optional<Map.Entry<String, String>>> affordable(Ctx c, long minutes, boolean spends) {
        if (minutes > settings.maxTransferMinutes()) {
            return Future.succeededFuture(Optional.of(Map.entry("sms.reply.hours.over_limit", HoursFormat.format(settings.maxTransferMinutes()))));
        }
        if (!spends) return Future.succeededFuture(Optional.empty());
        return ledger.org(c.member().org()).map(org -> {
            long limit = org.map(Org::creditLimitMinutes).orElse(null) == null ? 0 : org.get().creditLimitMinutes();
            long most = c.member().balanceMinutes() + limit;
            return minutes > most ? Optional.of(Map.entry("sms.reply.hours.over_balance", HoursFormat.format(Math.max(0, most)))) : Optional.empty();
        });
    }

    /** A note or fund code that is a lone 4-digit number is most likely the PIN sent too early. */
    static boolean looksLikePin(String word) {
        return word != null && word.trim().matches("[0-9]{4}");
    }

    private Future<List<Reply>> send(Ctx c, SmsCommand.Send s) {
        if (looksLikePin(s.note())) return one(c, "sms.reply.pin.only");
        String note = s.note() == null ? null : clip(s.note(), 60);
        return counterparty(c, s.phone()).compose(other -> {
            if (other instanceof String key) return one(c, key, Map.of("phone", s.phone()));
            Member to = (Member) other;
            return affordable(c, s.minutes(), true).compose(problem -> problem.isPresent()
                    ? one(c, problem.get().getKey(), Map.of("max", problem.get().getValue()))
                    : hold(c, "send", to.id(), null, s.minutes(), note, "sms.reply.send.pending", Map.of("hours", HoursFormat.format(s.minutes()),
                            "name", firstName(to.name()), "phone", Phones.mask(to.phone()), "minutes", pendingMinutes())));
        });
    }

    private Future<List<Reply>> donate(Ctx c, SmsCommand.Donate d) {
        if (looksLikePin(d.fundCode())) return one(c, "sms.reply.pin.only");
        return ledger.funds().compose(funds -> {
            Optional<Fund> fund = d.fundCode() == null
                    ? funds.stream().filter(f -> f.org().equals(c.member().org())).findFirst()
                    : funds.stream().filter(f -> f.code().equalsIgnoreCase(d.fundCode())).findFirst();
            if (fund.isEmpty()) return one(c, "sms.reply.fund.unknown", Map.of("code", d.fundCode() == null ? "-" : d.fundCode()));
            return affordable(c, d.minutes(), true).compose(problem -> problem.isPresent()
                    ? one(c, problem.get().getKey(), Map.of("max", problem.get().getValue()))
                    : hold(c, "donation", null, fund.get().code(), d.minutes(), null, "sms.reply.donate.pending",
                            Map.of("hours", HoursFormat.format(d.minutes()), "fund", clip(fund.get().name(), 40), "minutes", pendingMinutes())));
        });
    }

    /** How long a held SEND or DONATE waits for the PIN, in whole minutes, for its reply. */
    private String pendingMinutes() {
        return Long.toString(Math.max(1, settings.pendingSeconds() / 60));
    }

    /** A bare PIN or YES PIN: only ever the sender's own pending item (read with the PIN state: one statement). */
    private Future<List<Reply>> confirm(Ctx c, String pin) {
        return ledger.currentPendingCheckingPin(c.member().id(), pin, c.read().waiting()).compose(read -> {
            if (read.pending().isEmpty()) return one(c, "sms.reply.nothing_pending");
            Pending pending = read.pending().get();
            if (pending.expired()) return ledger.expirePending(pending.id()).compose(v -> one(c, "sms.reply.expired"));
            if (!read.pinCheck().ok()) return pinRefused(c, read.pinCheck());
            return ledger.confirmPending(pending, notices).compose(r -> moved(c, r));
        });
    }

    /** A transfer that went through answers with nothing more: its receipt is the reply. */
    private Future<List<Reply>> moved(Ctx c, TransferResult r) {
        if (r.ok()) return NONE;
        if (r.refusal() == Refusal.INSUFFICIENT_BALANCE) return one(c, "sms.reply.low_balance");
        if (r.refusal() == Refusal.ACCOUNT_INACTIVE) return one(c, "sms.reply.phone.inactive");
        if (r.refusal() == Refusal.REQUEST_NOT_WAITING) return one(c, "sms.reply.expired");
        return one(c, "sms.reply.error");
    }

    private Future<List<Reply>> cancel(Ctx c) {
        return ledger.cancelPending(c.member().id()).compose(done -> one(c, done ? "sms.reply.cancelled" : "sms.reply.nothing_pending"));
    }

    private Future<List<Reply>> ask(Ctx c, SmsCommand.Ask a) {
        if (looksLikePin(a.note())) return one(c, "sms.reply.pin.only");
        if ("suspended".equals(c.member().status())) return pinRefused(c, new PinCheck(PinCheck.Outcome.SUSPENDED, 0));
        String note = a.note() == null ? null : clip(a.note(), 60);
        return counterparty(c, a.phone()).compose(other -> {
            if (other instanceof String key) return one(c, key, Map.of("phone", a.phone()));
            Member payer = (Member) other;
            return affordable(c, a.minutes(), false).compose(problem -> problem.isPresent()
                    ? one(c, problem.get().getKey(), Map.of("max", problem.get().getValue()))
                    : ledger.createRequest(c.member().id(), payer.id(), a.minutes(), note, "sms:" + c.replyKey(),
                            settings.requestExpiryDays(), notices::requestReceived)
                    .compose(r -> one(c, "sms.reply.ask.sent", Map.of("hours", HoursFormat.format(a.minutes()),
                            "name", firstName(payer.name()), "ref", r.reference()))));
        });
    }

    private Future<Optional<PaymentRequest>> waiting(Ctx c, String reference) {
        return ledger.waitingRequests(c.member().id()).map(list -> list.stream()
                .filter(r -> reference == null || r.reference().equalsIgnoreCase(reference)).findFirst());
    }

    private Future<List<Reply>> pay(Ctx c, SmsCommand.Pay p) {
        return waiting(c, p.reference()).compose(r -> {
            if (r.isEmpty()) return p.reference() == null ? one(c, "sms.reply.pay.none") : one(c, "sms.reply.pay.unknown", Map.of("ref", p.reference()));
            PaymentRequest request = r.get();
            return affordable(c, request.amountMinutes(), true).compose(problem -> problem.isPresent()
                    ? one(c, problem.get().getKey(), Map.of("max", problem.get().getValue()))
                    : withPin(c, p.pin(), () -> ledger.payRequest(request.id(), c.member().id(), notices).compose(res -> moved(c, res))));
        });
    }

    private Future<List<Reply>> decline(Ctx c, SmsCommand.Decline d) {
        return waiting(c, d.reference()).compose(r -> {
            if (r.isEmpty()) return d.reference() == null ? one(c, "sms.reply.pay.none") : one(c, "sms.reply.pay.unknown", Map.of("ref", d.reference()));
            return ledger.declineRequest(r.get().id(), c.member().id(), notices::requestDeclined)
                    .compose(ok -> one(c, ok ? "sms.reply.declined" : "sms.reply.pay.none", Map.of("name", firstName(r.get().requesterName()))));
        });
    }

    private Future<List<Reply>> optOut(Ctx c, boolean stop) {
        return ledger.setOptedOut(c.member().id(), stop).compose(v -> one(c, stop ? "sms.reply.stop.done" : "sms.reply.start.done"));
    }

    private Future<List<Reply>> invalid(Ctx c, SmsCommand.Invalid i) {
        if (("YES".equals(i.keyword()) || "PIN".equals(i.keyword())) && c.member() != null) {
            return ledger.currentPending(c.member().id()).compose(p -> p.isPresent() ? one(c, "sms.reply.pin.only") : invalidReply(c, i));
        }
        return invalidReply(c, i);
    }

    private Future<List<Reply>> invalidReply(Ctx c, SmsCommand.Invalid i) {
        return switch (i.problem()) {
            case BAD_PHONE -> one(c, "sms.reply.phone.invalid");
            case BAD_HOURS, HOURS_NOT_POSITIVE -> one(c, "sms.reply.hours.invalid");
            case NOT_WHOLE_MINUTES -> one(c, "sms.reply.hours.minutes");
            case BAD_PIN -> one(c, "sms.reply.pin.bad");
            case BAD_NAME -> one(c, "sms.reply.reg.bad_name");
            default -> one(c, "sms.reply.help");
        };
    }

    /** A non-member's reply language: Chinese if they wrote Chinese, else English. */
    static String guessLanguage(String text) {
        if (text == null) return "en";
        if (text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)) return "zh";
        String first = text.trim().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
        return SWAHILI_KEYWORDS.contains(first) ? "sw" : "en";
    }

    private static final java.util.Set<String> SWAHILI_KEYWORDS = java.util.Set.of("SAJILI", "MSAADA", "SALIO", "TUMA", "OMBA", "LIPA",
            "KATAA", "CHANGIA", "LUGHA", "ACHA", "ANZA", "NDIYO", "HAPANA", "HITAJI", "TOA", "GHAIRI");

    static String firstName(String name) {
        return org.timebank.menus.Display.clip(org.timebank.menus.Display.firstWord(name), 16);
    }

    static String clip(String s, int max) {
        return org.timebank.menus.Display.clip(s, max);
    }

}
