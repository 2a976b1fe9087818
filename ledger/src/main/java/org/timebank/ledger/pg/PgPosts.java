package org.timebank.ledger.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.Post;
import org.timebank.ledger.SearchText;

/**
 * Needs and offers: posting, finding with PostgreSQL's own text search (Chinese indexed as
 * character bigrams, see {@link SearchText}), matching, closing, introductions (once per post and
 * member) and ratings (once per member and transfer).
 */
public final class PgPosts {
    private static final String SELECT = """
            SELECT p.*, m.name AS member_name, m.phone AS member_phone, m.language AS member_language, o.code AS org, o.district,
                   (SELECT avg(stars)::float8 FROM ratings r WHERE r.ratee_id = p.member_id) AS rating_avg,
                   (SELECT count(*) FROM ratings r WHERE r.ratee_id = p.member_id) AS rating_count
            FROM posts p JOIN members m ON m.id = p.member_id JOIN orgs o ON o.id = m.org_id""";
    private final Pool pool;
    private final PgOutbox outbox;

    public PgPosts(Pool pool, PgOutbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    public Future<Post> create(long memberId, String kind, String category, String body, Long minutes, int expiryDays) {
        return pool.preparedQuery("""
                        INSERT INTO posts (member_id, kind, category, body, hours_minutes, search_text, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7)) RETURNING id""")
                .execute(Tuple.of(memberId, kind, category, body, minutes, SearchText.document(body), expiryDays))
                .compose(rows -> byId(rows.iterator().next().getLong(0))).map(Optional::orElseThrow);
    }

    public Future<Optional<Post>> byId(long id) {
        return pool.preparedQuery(SELECT + " WHERE p.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(post(rows.iterator().next())));
    }

    /**
     * The best open posts of a kind for a text: same category first, then words in common, then the
     * same district as {@code district}; never the member's own.
     */
    public Future<List<Post>> best(String kind, String category, String text, String district, long excludeMemberId, int limit) {
        String q = SearchText.anyOf(text);
        return pool.preparedQuery(SELECT + "\n" + """
                         WHERE p.kind = $1 AND p.status = 'open' AND p.expires_at > now() AND p.member_id <> $5
                           AND m.status IN ('active', 'pin_required')
                           AND (($2::text IS NOT NULL AND p.category = $2) OR ($3::text IS NOT NULL AND p.search @@ to_tsquery('simple', $3)))
                         ORDER BY (p.category IS NOT DISTINCT FROM $2) DESC,
                                  CASE WHEN $3::text IS NULL THEN 0 ELSE ts_rank(p.search, to_tsquery('simple', $3)) END DESC,
                                  (o.district = $4) DESC, p.id DESC
                         LIMIT $6""")
                .execute(Tuple.of(kind, category, q, district, excludeMemberId, limit)).map(PgPosts::list);
    }

    /** Open posts of a kind matching any of the words, best first. */
    public Future<List<Post>> find(String kind, String words, String district, int limit) {
        String q = SearchText.anyOf(words);
        if (q == null) return Future.succeededFuture(List.of());
        return pool.preparedQuery(SELECT + "\n" + """
                         WHERE p.kind = $1 AND p.status = 'open' AND p.expires_at > now() AND p.search @@ to_tsquery('simple', $2)
                           AND m.status IN ('active', 'pin_required')
                         ORDER BY ts_rank(p.search, to_tsquery('simple', $2)) DESC, (o.district = $3) DESC, p.id DESC LIMIT $4""")
                .execute(Tuple.of(kind, q, district, limit)).map(PgPosts::list);
    }

    /** Every open post of a kind in a category, nearest community first (same district), then newest. At most 1,000. */
    public Future<List<Post>> browse(String kind, String category, String district) {
        return pool.preparedQuery(SELECT + "\n" + """
                         WHERE p.kind = $1 AND p.category = $2 AND p.status = 'open' AND p.expires_at > now()
                           AND m.status IN ('active', 'pin_required')
                         ORDER BY (o.district = $3) DESC, p.id DESC LIMIT 1000""")
                .execute(Tuple.of(kind, category, district)).map(PgPosts::list);
    }

    /** A member's own open posts, newest first. */
    public Future<List<Post>> mine(long memberId) {
        return pool.preparedQuery(SELECT + " WHERE p.member_id = $1 AND p.status = 'open' ORDER BY p.id DESC LIMIT 100")
                .execute(Tuple.of(memberId)).map(PgPosts::list);
    }

    /** Closes a member's own open post; false if it is not theirs or not open. */
    public Future<Boolean> close(long postId, long memberId) {
        return pool.preparedQuery("UPDATE posts SET status = 'closed', closed_at = now() WHERE id = $1 AND member_id = $2 AND status = 'open'")
                .execute(Tuple.of(postId, memberId)).map(rows -> rows.rowCount() == 1);
    }

    /** Records an introduction once per post and member, writing both SMS in the same transaction; false if made already. */
    public Future<Boolean> introduce(long postId, long memberId, Function<Post, List<OutboundSms>> messages) {
        return Tx.run(pool, conn -> conn.preparedQuery("""
                        INSERT INTO introductions (post_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id""")
                .execute(Tuple.of(postId, memberId))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
                        : conn.preparedQuery(SELECT + " WHERE p.id = $1").execute(Tuple.of(postId))
                        .compose(p -> outbox.enqueue(conn, messages.apply(post(p.iterator().next())))).map(true)));
    }

    /** Outcome of a rating. */
    public enum Rated { RATED, ALREADY_RATED, NOT_YOURS, UNKNOWN_TRANSFER }

    /** Rates the other member of a transfer between two members that the rater took part in, once. */
    public Future<Rated> rate(String reference, long raterId, int stars) {
        return pool.preparedQuery("""
                        SELECT id, from_member, to_member FROM ledger_transfer_by_reference($1) WHERE from_kind = 'member' AND to_kind = 'member'""")
                .execute(Tuple.of(reference)).compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(Rated.UNKNOWN_TRANSFER);
                    Row t = rows.iterator().next();
                    long from = t.getLong("from_member"), to = t.getLong("to_member");
                    if (raterId != from && raterId != to) return Future.succeededFuture(Rated.NOT_YOURS);
                    long ratee = raterId == from ? to : from;
                    return pool.preparedQuery("""
                                    INSERT INTO ratings (transfer_id, rater_id, ratee_id, stars) VALUES ($1, $2, $3, $4)
                                    ON CONFLICT (transfer_id, rater_id) DO NOTHING RETURNING id""")
                            .execute(Tuple.of(t.getLong("id"), raterId, ratee, stars))
                            .map(r -> r.size() == 1 ? Rated.RATED : Rated.ALREADY_RATED);
                });
    }

    private static List<Post> list(Iterable<Row> rows) {
        List<Post> out = new ArrayList<>();
        for (Row r : rows) out.add(post(r));
        return out;
    }

    private static Post post(Row r) {
        return new Post(r.getLong("id"), r.getLong("member_id"), r.getString("member_name"), r.getString("member_phone"),
                r.getString("member_language"), r.getString("org"), r.getString("district"), r.getString("kind"), r.getString("category"),
                r.getString("body"), r.getLong("hours_minutes"), r.getString("status"), r.getDouble("rating_avg"), r.getLong("rating_count"));
    }
}
