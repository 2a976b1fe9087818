package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.timebank.ledger.OutboundSms;

/**
 * The outbox (ledger rule 11): SMS written in the transaction of the change that causes them, then
 * claimed by a dispatcher. Claims use {@code FOR UPDATE SKIP LOCKED}, so several gateway instances
 * never take the same row; replies and receipts are claimed before bulk messages.
 */
public final class PgOutbox {
    private final Pool pool;

    public PgOutbox(Pool pool) {
        this.pool = pool;
    }

    /** Writes messages on the caller's connection (inside its transaction). A known dedupe key is skipped. */
    public Future<Void> enqueue(SqlClient conn, List<OutboundSms> messages) {
        if (messages.isEmpty()) return Future.succeededFuture();
        // one statement for all of them (a transfer's two receipts): one executor run, not one a message
        return conn.preparedQuery("""
                        INSERT INTO outbox (to_phone, member_id, body, purpose, priority, dedupe_key)
                        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[])
                        ON CONFLICT (dedupe_key) DO NOTHING""")
                .execute(Columns.of(messages).addTo(Tuple.tuple())).mapEmpty();
    }

    /**
     * Messages as the six arrays an {@code INSERT INTO outbox … SELECT FROM unnest(…)} takes
     * (phone, member, body, purpose, priority, dedupe key); a null message is a row of nulls.
     */
    record Columns(String[] phones, Long[] members, String[] bodies, String[] purposes, Integer[] priorities, String[] keys) {
        static Columns of(List<OutboundSms> messages) {
            int n = messages.size();
            Columns c = new Columns(new String[n], new Long[n], new String[n], new String[n], new Integer[n], new String[n]);
            for (int i = 0; i < n; i++) {
                OutboundSms m = messages.get(i);
                if (m == null) continue;
                c.phones[i] = m.toPhone();
                c.members[i] = m.memberId();
                c.bodies[i] = m.body();
                c.purposes[i] = m.purpose().code();
                c.priorities[i] = m.purpose().priority();
                c.keys[i] = m.dedupeKey();
            }
            return c;
        }

        Tuple addTo(Tuple t) {
            return t.addArrayOfString(phones).addArrayOfLong(members).addArrayOfString(bodies).addArrayOfString(purposes)
                    .addArrayOfInteger(priorities).addArrayOfString(keys);
        }
    }

    /** A message claimed for sending; a lower {@code priority} goes first (replies and receipts before bulk). */
    public record Claimed(long id, String toPhone, String body, String purpose, int attempts, boolean possiblyDuplicated, int priority) {}

    /** Claims up to {@code limit} due messages, replies first, marking them {@code sending}; answers them in priority, then id, order. */
    public Future<List<Claimed>> claim(int limit) {
        return pool.preparedQuery("""
                        UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1, updated_at = now()
                        WHERE o.id IN (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= now()
                                       ORDER BY priority, next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
                        RETURNING o.id, o.to_phone, o.body, o.purpose, o.attempts, o.priority, o.possibly_duplicated""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Claimed> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new Claimed(r.getLong("id"), r.getString("to_phone"), r.getString("body"),
                                r.getString("purpose"), r.getInteger("attempts"), r.getBoolean("possibly_duplicated"),
                                r.getInteger("priority")));
                    }
                    list.sort(Comparator.comparingInt(Claimed::priority).thenComparingLong(Claimed::id));
                    return list;
                });
    }

    public Future<Void> markSent(long id, String provider, String providerMessageId) {
        return pool.preparedQuery("""
                        UPDATE outbox SET status = 'sent', provider = $2, provider_message_id = $3, updated_at = now()
                        WHERE id = $1""")
                .execute(Tuple.of(id, provider, providerMessageId)).mapEmpty();
    }

    /**
     * Marks many messages sent by one provider in one statement: {@code ids.get(i)} got
     * {@code providerMessageIds.get(i)}. Answers how many rows changed.
     */
    public Future<Integer> markSentMany(List<Long> ids, String provider, List<String> providerMessageIds) {
        if (ids.size() != providerMessageIds.size()) throw new IllegalArgumentException("one provider message id per message");
        if (ids.isEmpty()) return Future.succeededFuture(0);
        return pool.preparedQuery("""
                        UPDATE outbox o SET status = 'sent', provider = $1, provider_message_id = u.pid, updated_at = now()
                        FROM unnest($2::bigint[], $3::text[]) AS u(id, pid)
                        WHERE o.id = u.id""")
                .execute(Tuple.of(provider, ids.toArray(new Long[0]), providerMessageIds.toArray(new String[0])))
                .map(rows -> rows.rowCount());
    }

    /** Puts a message back in the queue to try again after {@code delaySeconds}. */
    public Future<Void> retryLater(long id, int delaySeconds, boolean possiblyDuplicated, String reason) {
        return pool.preparedQuery("""
                        UPDATE outbox SET status = 'queued', next_attempt_at = now() + make_interval(secs => $2),
                            possibly_duplicated = possibly_duplicated OR $3, error = $4, updated_at = now()
                        WHERE id = $1""")
                .execute(Tuple.of(id, delaySeconds, possiblyDuplicated, reason)).mapEmpty();
    }

    public Future<Void> markFailed(long id, String reason) {
        return pool.preparedQuery("UPDATE outbox SET status = 'failed', error = $2, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id, reason)).mapEmpty();
    }

    /** The carrier refuses this number (the member opted out there): remembered on the member. */
    public Future<Void> carrierOptOut(String phone) {
        return pool.preparedQuery("UPDATE members SET carrier_opted_out = true WHERE phone = $1").execute(Tuple.of(phone)).mapEmpty();
    }

    /**
     * A provider's delivery report: {@code delivered} or {@code failed} (final states are not
     * changed again). Answers whether a message matched.
     */
    public Future<Boolean> delivery(String provider, String providerMessageId, String status, String reason) {
        return pool.preparedQuery("""
                        UPDATE outbox SET status = $3, error = COALESCE($4, error), updated_at = now()
                        WHERE provider = $1 AND provider_message_id = $2 AND status IN ('sending', 'sent')
                        RETURNING id""")
                .execute(Tuple.of(provider, providerMessageId, status, reason)).map(rows -> rows.size() > 0);
    }

    /**
     * Messages left in {@code sending} by an instance that died: they may have reached the provider,
     * so each goes back to the queue once, marked possibly duplicated; one that was retried already
     * is marked failed.
     */
    public Future<Integer> recoverStale(int olderThanSeconds) {
        return pool.preparedQuery(RECOVER_STALE).execute(Tuple.of(olderThanSeconds)).map(rows -> rows.rowCount());
    }

    /** {@link #recoverStale}'s statement: it reads the rows in 'sending' through their own index (V19), not the whole outbox. */
    public static final String RECOVER_STALE = """
            UPDATE outbox SET status = CASE WHEN possibly_duplicated THEN 'failed' ELSE 'queued' END,
                possibly_duplicated = true, error = 'interrupted while sending', updated_at = now()
            WHERE status = 'sending' AND updated_at < now() - make_interval(secs => $1)""";

    /** One message as the simulator's inbox shows it. */
    public record InboxMessage(String to, String body, Instant createdAt, String status) {}

    /** The messages sent to a number, newest first. */
    public Future<List<InboxMessage>> inbox(String phone, int limit) {
        return pool.preparedQuery("""
                        SELECT to_phone, body, created_at, status FROM outbox
                        WHERE to_phone = $1 ORDER BY id DESC LIMIT $2""")
                .execute(Tuple.of(phone, limit))
                .map(rows -> {
                    List<InboxMessage> list = new ArrayList<>();
                    for (Row r : rows) {
                        list.add(new InboxMessage(r.getString("to_phone"), r.getString("body"),
                                Rows.instant(r.getOffsetDateTime("created_at")), r.getString("status")));
                    }
                    return list;
                });
    }

    /** Count of messages waiting, for health and metrics. */
    public Future<Long> queued() {
        return pool.query("SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
