package org.timebank.gateway.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Staff users and their sessions. A session token is 256 random bits; only its SHA-256 is stored,
 * and it expires after {@link #SESSION_LIFETIME}. Password hashing runs on a worker thread.
 */
public final class StaffStore {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Vertx vertx;
    private final Pool pool;
    private final PasswordHasher hasher;
    /** Compared against when the user does not exist, so both answers take the same time. */
    private final String dummyHash;

    public StaffStore(Vertx vertx, Pool pool, PasswordHasher hasher) {
        this.vertx = vertx;
        this.pool = pool;
        this.hasher = hasher;
        this.dummyHash = hasher.hash("not-a-password");
    }

    public record Session(String token, Staff staff) {}

    /** Signs in; empty for an unknown user or a wrong password (the caller cannot tell which). */
    public Future<Optional<Session>> login(String username, String password) {
        return pool.preparedQuery("""
                        SELECT s.id, s.username, s.role, s.password_hash, o.code AS org
                        FROM staff_users s LEFT JOIN orgs o ON o.id = s.org_id WHERE s.username = $1""")
                .execute(Tuple.of(username))
                .compose(rows -> {
                    Row r = rows.size() == 0 ? null : rows.iterator().next();
                    String stored = r == null ? dummyHash : r.getString("password_hash");
                    return vertx.executeBlocking(() -> hasher.matches(password, stored), false).compose(ok -> {
                        if (!ok || r == null) return Future.succeededFuture(Optional.<Session>empty());
                        Staff staff = staff(r);
                        String token = newToken();
                        return pool.preparedQuery("INSERT INTO staff_sessions (token_hash, staff_id, expires_at)"
                                        + " VALUES ($1, $2, now() + make_interval(secs => $3))")
                                .execute(Tuple.of(sha256(token), staff.id(), SESSION_LIFETIME.toSeconds()))
                                .map(v -> Optional.of(new Session(token, staff)));
                    });
                });
    }

    /** The staff user a live token belongs to. */
    public Future<Optional<Staff>> authenticate(String token) {
        if (token == null || token.length() > 200) return Future.succeededFuture(Optional.empty());
        return pool.preparedQuery("""
                        SELECT s.id, s.username, s.role, o.code AS org FROM staff_sessions x
                        JOIN staff_users s ON s.id = x.staff_id LEFT JOIN orgs o ON o.id = s.org_id
                        WHERE x.token_hash = $1 AND x.expires_at > now()""")
                .execute(Tuple.of(sha256(token)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(staff(rows.iterator().next())));
    }

    public Future<Void> logout(String token) {
        return pool.preparedQuery("DELETE FROM staff_sessions WHERE token_hash = $1").execute(Tuple.of(sha256(token))).mapEmpty();
    }

    /** Creates a staff user; empty when the username is taken or the NGO is unknown. */
    public Future<Optional<Staff>> create(String username, String password, Staff.Role role, String orgCode, Long createdBy) {
        return vertx.executeBlocking(() -> hasher.hash(password), false).compose(hash -> pool.preparedQuery("""
                        INSERT INTO staff_users (username, password_hash, role, org_id, created_by)
                        SELECT $1, $2, $3, (SELECT id FROM orgs WHERE code = $4), $5
                        WHERE $4::text IS NULL OR EXISTS (SELECT 1 FROM orgs WHERE code = $4)
                        ON CONFLICT (username) DO NOTHING RETURNING id""")
                .execute(Tuple.of(username, hash, role.code(), orgCode, createdBy))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(new Staff(rows.iterator().next().getLong(0), username, role, orgCode))));
    }

    public Future<Boolean> anyAdmin() {
        return pool.query("SELECT 1 FROM staff_users WHERE role = 'admin' LIMIT 1").execute().map(rows -> rows.size() > 0);
    }

    public Future<Integer> purgeExpiredSessions() {
        return pool.query("DELETE FROM staff_sessions WHERE expires_at < now()").execute().map(rows -> rows.rowCount());
    }

    private static Staff staff(Row r) {
        return new Staff(r.getLong("id"), r.getString("username"), Staff.Role.fromCode(r.getString("role")).orElseThrow(), r.getString("org"));
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
