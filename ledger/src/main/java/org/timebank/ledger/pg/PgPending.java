package org.timebank.ledger.pg;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Notices;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.Pending;
import org.timebank.ledger.PendingRead;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.TransferResult;

/**
 * Transfers and donations started by SMS and waiting for the PIN. Stored in PostgreSQL, so they
 * survive a restart and any instance can confirm them. A newer one replaces the older; confirming
 * posts the transfer keyed on the pending item, so it is posted at most once.
 */
public final class PgPending {
    private static final String SELECT = """
            SELECT p.*, m.name AS to_name, m.phone AS to_phone, f.name AS fund_name FROM sms_pending p
            LEFT JOIN members m ON m.id = p.to_member_id LEFT JOIN funds f ON f.code = p.fund_code""";
    private final Pool pool;
    private final PgTransfers transfers;

    public PgPending(Pool pool, PgTransfers transfers) {
        this.pool = pool;
        this.transfers = transfers;
    }

    /**
     * Holds a new pending item, replacing the member's older one, and writes {@code reply} (may be
     * null) to the outbox in the same statement (V16), which waits for the disk. Holds that arrive
     * while others are in the database go together ({@link Batcher}), in member order. Two at the
     * same moment for a member who had none, in two statements: one is refused by the one-pending
     * index and tried again.
     */
    public Future<Pending> hold(long memberId, String kind, Long toMemberId, String fundCode, long minutes, String note, int ttlSeconds,
                                OutboundSms reply) {
        return holds.submit(new Hold(memberId, kind, toMemberId, fundCode, minutes, note, ttlSeconds, reply));
    }

    private record Hold(long memberId, String kind, Long toMemberId, String fundCode, long minutes, String note, int ttlSeconds,
                        OutboundSms reply) {}

    private final Batcher<Hold, Pending> holds = new Batcher<>(Batcher.IN_FLIGHT, 64, Batcher.SMS_LINGER_NANOS, this::holdAll);

    private Future<List<Pending>> holdAll(List<Hold> given) {
        // in member order (a member's holds keep theirs), so concurrent statements lock items in one order
        List<Hold> batch = new ArrayList<>(given);
        batch.sort(Comparator.comparingLong(Hold::memberId));
        int n = batch.size();
        Long[] members = new Long[n], toMembers = new Long[n], minutes = new Long[n];
        String[] kinds = new String[n], funds = new String[n], notes = new String[n];
        Integer[] ttls = new Integer[n];
        List<OutboundSms> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Hold h = batch.get(i);
            members[i] = h.memberId();
            kinds[i] = h.kind();
            toMembers[i] = h.toMemberId();
            funds[i] = h.fundCode();
            minutes[i] = h.minutes();
            notes[i] = h.note();
            ttls[i] = h.ttlSeconds();
            replies.add(h.reply());
        }
        Tuple args = PgOutbox.Columns.of(replies).addTo(Tuple.tuple().addArrayOfLong(members).addArrayOfString(kinds).addArrayOfLong(toMembers)
                .addArrayOfString(funds).addArrayOfLong(minutes).addArrayOfString(notes).addArrayOfInteger(ttls));
        return Tx.retry(() -> pool.preparedQuery("SELECT * FROM sms_hold_pending($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(args)
                .map(rows -> {
                    Map<Hold, Pending> held = new IdentityHashMap<>();
                    for (Row r : rows) held.put(batch.get((int) (r.getLong("ord") - 1)), pending(r));
                    List<Pending> answers = new ArrayList<>(n);
                    for (Hold h : given) answers.add(held.get(h));
                    return answers;
                }));
    }

    /** The member's pending item, if any (an expired one is returned as such, for the reply). */
    public Future<Optional<Pending>> current(long memberId) {
        return pool.preparedQuery(SELECT + " WHERE p.member_id = $1 AND p.status = 'pending'").execute(Tuple.of(memberId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(pending(rows.iterator().next())));
    }

    /** The member's pending item, if any, and what a PIN check needs of the member (null for no such member). */
    record WithPinState(long memberId, Optional<Pending> pending, PgPins.PinState pinState) implements PendingRead {
        /** A row of {@code sms_pending_with_pin_states} as JSON (how {@link PgInbound} reads it with a message). */
        static WithPinState of(long memberId, JsonObject row) {
            PgPins.PinState state = row.getString("member_status") == null ? null : new PgPins.PinState(row.getString("pin_hash"),
                    row.getString("member_status"), Boolean.TRUE.equals(row.getBoolean("locked")), row.getInteger("pin_failed_attempts", 0));
            if (row.getLong("id") == null) return new WithPinState(memberId, Optional.empty(), state);
            return new WithPinState(memberId, Optional.of(new Pending(row.getLong("id"), row.getLong("member_id"), row.getString("kind"),
                    row.getLong("to_member_id"), row.getString("to_name"), row.getString("to_phone"), row.getString("fund_code"),
                    row.getString("fund_name"), row.getLong("amount_minutes"), row.getString("note"), row.getString("status"),
                    OffsetDateTime.parse(row.getString("expires_at")).toInstant())), state);
        }
    }

    /**
     * {@link #current} and the first read of a PIN check in one statement (V16): the PIN hop of an
     * SMS confirmation. Reads that arrive while others are in the database go together.
     */
    Future<WithPinState> currentWithPinState(long memberId) {
        return withPinStates.submit(memberId);
    }

    private final Batcher<Long, WithPinState> withPinStates = new Batcher<>(Batcher.IN_FLIGHT, 128, Batcher.SMS_LINGER_NANOS, this::readWithPinStates);

    private Future<List<WithPinState>> readWithPinStates(List<Long> memberIds) {
        return pool.preparedQuery("SELECT * FROM sms_pending_with_pin_states($1)").execute(Tuple.of(memberIds.toArray(new Long[0]))).map(rows -> {
            WithPinState[] read = new WithPinState[memberIds.size()];
            for (Row r : rows) {
                int i = (int) (r.getLong("ord") - 1);
                read[i] = new WithPinState(memberIds.get(i), r.getLong("id") == null ? Optional.empty() : Optional.of(pending(r)),
                        PgPins.PinState.of(r, "member_status"));
            }
            return Arrays.asList(read);
        });
    }

    public Future<Boolean> cancel(long memberId) {
        return pool.preparedQuery("UPDATE sms_pending SET status = 'cancelled', decided_at = now() WHERE member_id = $1 AND status = 'pending'")
                .execute(Tuple.of(memberId)).map(rows -> rows.rowCount() > 0);
    }

    public Future<Void> expire(long pendingId) {
        return pool.preparedQuery("UPDATE sms_pending SET status = 'expired', decided_at = now() WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(pendingId)).mapEmpty();
    }

    /**
     * Posts the pending item (the caller checked the PIN and read the item). The transfer's key is
     * the item, so a retried confirmation answers the same transfer. Two round trips: {@code BEGIN}
     * with the statement that locks the item, posts its transfer while it still waits and marks it
     * confirmed (V14), then the receipts with {@code COMMIT}. Confirmations that arrive while others
     * are in the database go together, as transfers do ({@link PgTransfers#transfer}).
     */
    public Future<TransferResult> confirm(Pending item, Notices notices) {
        return confirmations.submit(new Confirming(item, notices)).compose(PgTransfers::unwrap);
    }

    private record Confirming(Pending item, Notices notices) {}

    private final Batcher<Confirming, AsyncResult<TransferResult>> confirmations =
            new Batcher<>(PgTransfers.MAX_TRANSACTIONS, PgTransfers.MAX_TOGETHER, Batcher.SMS_LINGER_NANOS, this::confirmTogether);

    private Future<List<AsyncResult<TransferResult>>> confirmTogether(List<Confirming> batch) {
        return PgTransfers.together(pool, batch, this::confirmMany);
    }

    private Future<List<TransferResult>> confirmMany(SqlConnection conn, Supplier<Future<Void>> commit, List<Confirming> batch) {
        Long[] ids = new Long[batch.size()];
        List<PgTransfers.Submitted> toPost = new ArrayList<>(batch.size());
        for (int i = 0; i < ids.length; i++) {
            Pending p = batch.get(i).item();
            ids[i] = p.id();
            boolean send = "send".equals(p.kind());
            toPost.add(new PgTransfers.Submitted(new TransferCommand(send ? TransferKind.SEND : TransferKind.DONATION,
                    AccountRef.member(p.memberId()), send ? AccountRef.member(p.toMemberId()) : AccountRef.fund(p.fundCode()),
                    p.amountMinutes(), p.note(), null, "sms:pending:" + p.id(), "member:" + p.memberId()), batch.get(i).notices()));
        }
        return transfers.confirmMany(conn, toPost, ids, results -> commit.get());
    }

    private static Pending pending(Row r) {
        return new Pending(r.getLong("id"), r.getLong("member_id"), r.getString("kind"), r.getLong("to_member_id"), r.getString("to_name"),
                r.getString("to_phone"), r.getString("fund_code"), r.getString("fund_name"), r.getLong("amount_minutes"), r.getString("note"),
                r.getString("status"), Rows.instant(r.getOffsetDateTime("expires_at")));
    }
}
