package org.timebank.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.timebank.ledger.pg.Database;
import org.timebank.ledger.pg.PgDirectory;
import org.timebank.ledger.pg.PgLedger;

/** A fresh database, a pool and the ledger over it, with helpers that read like the tests' setup. */
public final class LedgerFixture implements AutoCloseable {
    public static final String PEPPER = "test-pepper-0123456789abcdef";
    public final Vertx vertx = Vertx.vertx();
    public final Database db = TestDatabase.fresh();
    public final PgLedger ledger = new PgLedger(db.pool(vertx, 16), new PinHasher(PEPPER), 3, 1440);
    private int phoneCounter = 1000;

    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future failed: " + e, e);
        }
    }

    public Org org(String code) {
        return org(code, null);
    }

    public Org org(String code, Long creditLimitMinutes) {
        Org o = new Org(0, code, code + " Care", "District " + code, null, null, creditLimitMinutes, null, null, null, null, null);
        return await(ledger.directory().createOrg(o)).value();
    }

    /** Registers a member with a unique Hong Kong mobile number. */
    public Member member(String org, String name) {
        String phone = "+8529" + (1000000 + phoneCounter++);
        var r = await(ledger.directory().register(new PgDirectory.NewMember(phone, name, org, "en", null, "test"),
                m -> List.of(), Notices.NONE));
        if (r.member() == null) throw new AssertionError("registration refused: " + r.outcome());
        return r.member();
    }

    public TransferResult credit(String org, long memberId, long minutes) {
        return await(ledger.transfers().transfer(new TransferCommand(TransferKind.CREDIT, AccountRef.issuance(org),
                AccountRef.member(memberId), minutes, "volunteering", null, "credit-" + java.util.UUID.randomUUID(), "test"), Notices.NONE));
    }

    public TransferResult send(long from, long to, long minutes, String key) {
        return await(ledger.transfers().transfer(new TransferCommand(TransferKind.SEND, AccountRef.member(from),
                AccountRef.member(to), minutes, null, null, key, "member:" + from), Notices.NONE));
    }

    public long balance(long memberId) {
        return await(ledger.directory().member(memberId)).orElseThrow().balanceMinutes();
    }

    public long sumOfBalances() {
        return TestDatabase.queryLong(db, "SELECT COALESCE(sum(balance_minutes), 0) FROM accounts");
    }

    @Override
    public void close() {
        await(ledger.pool().close());
        await(vertx.close());
    }
}
