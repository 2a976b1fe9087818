package org.timebank.gateway;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.timebank.gateway.staff.Staff;
import org.timebank.gateway.staff.StaffStore;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Category;
import org.timebank.ledger.Notices;
import org.timebank.ledger.Org;
import org.timebank.ledger.Phones;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.pg.PgDirectory;
import org.timebank.ledger.pg.PgLedger;
import org.timebank.menus.MemberNotices;

/**
 * {@code DEMO=true}: a small consortium on an empty database, so the product can be tried at once:
 * three NGOs in different districts, a fund each, the categories of help in three languages, a
 * coordinator per NGO and a few members with balances and PINs. Everything goes through the
 * ledger's own operations, so the demo ledger verifies like any other.
 */
final class DemoSeed {
    static final String MEMBER_PIN = "2468";
    static final String COORDINATOR_PASSWORD = "demo-coordinator";

    private final PgLedger ledger;
    private final StaffStore staff;
    private final MemberNotices notices;
    private final Phones phones;

    DemoSeed(PgLedger ledger, StaffStore staff, MemberNotices notices, Phones phones) {
        this.ledger = ledger;
        this.staff = staff;
        this.notices = notices;
        this.phones = phones;
    }

    record DemoOrg(String code, String name, String district, String contact, String fundCode, String fundName) {}

    record DemoMember(String phone, String name, String org, String language, int creditHours) {}

    static final List<DemoOrg> ORGS = List.of(
            new DemoOrg("SSP", "Sham Shui Po Elderly Care", "Sham Shui Po", "2345 6789", "SSP-FUND", "SSP time voucher fund"),
            new DemoOrg("YL", "Yuen Long Farmers Link", "Yuen Long", "2456 7890", "YL-FUND", "YL harvest fund"),
            new DemoOrg("KT", "Kwun Tong Newcomers Centre", "Kwun Tong", "2567 8901", "KT-FUND", "KT welcome fund"));

    static final List<Category> CATEGORIES = List.of(
            new Category("meals", "Meals", "膳食", "Chakula"),
            new Category("repairs", "Home repairs", "家居維修", "Matengenezo"),
            new Category("tutoring", "Tutoring", "補習", "Masomo"),
            new Category("escort", "Clinic escort", "陪診", "Kusindikiza"),
            new Category("shopping", "Shopping help", "代購", "Ununuzi"),
            new Category("care", "Care and company", "照顧陪伴", "Utunzaji"),
            new Category("farming", "Farm work", "農務", "Kilimo"),
            new Category("other", "Other", "其他", "Mengineyo"));

    static final List<DemoMember> MEMBERS = List.of(
            new DemoMember("+85291230001", "Mary Chan", "SSP", "zh", 6),
            new DemoMember("+85291230002", "Ann Wong", "SSP", "en", 4),
            new DemoMember("+85291230003", "Joseph Mwangi", "KT", "sw", 3),
            new DemoMember("+85291230004", "Lee Siu Ming", "YL", "zh", 5),
            new DemoMember("+85291230005", "Grace Otieno", "KT", "en", 2),
            new DemoMember("+85291230006", "Tam Ka Wai", "YL", "zh", 0));

    /** Seeds when there is no NGO yet; answers lines telling how to try the demo. */
    Future<List<String>> seedIfEmpty() {
        return ledger.directory().orgs().compose(existing -> {
            if (!existing.isEmpty()) return Future.succeededFuture(List.of("DEMO: the database has NGOs already; the demo seed was skipped"));
            return seed().map(v -> howToTry());
        });
    }

    private Future<Void> seed() {
        Future<Void> chain = Future.succeededFuture();
        for (DemoOrg o : ORGS) {
            chain = chain.compose(v -> ledger.directory().createOrg(new Org(0, o.code(), o.name(), o.district(), o.contact(),
                            60L, null, null, null, null, null, null)))
                    .compose(v -> ledger.directory().createFund(o.fundCode(), o.fundName(), o.code()))
                    .compose(v -> staff.create("coord-" + o.code().toLowerCase(java.util.Locale.ROOT), COORDINATOR_PASSWORD,
                            Staff.Role.COORDINATOR, o.code(), null))
                    .mapEmpty();
        }
        for (Category c : CATEGORIES) chain = chain.compose(v -> ledger.directory().createCategory(c)).mapEmpty();
        for (DemoMember m : MEMBERS) {
            chain = chain.compose(v -> ledger.directory().register(new PgDirectory.NewMember(phones.normalise(m.phone()).orElseThrow(),
                            m.name(), m.org(), m.language(), ledger.pins().hasher().hash(MEMBER_PIN), "demo"), x -> List.of(), Notices.NONE))
                    .compose(r -> m.creditHours() == 0 ? Future.succeededFuture() : ledger.transfers().transfer(new TransferCommand(
                            TransferKind.CREDIT, AccountRef.issuance(m.org()), AccountRef.member(r.member().id()), m.creditHours() * 60L,
                            "Volunteering at the community kitchen", "meals", "demo:credit:" + m.phone(), "demo"), notices))
                    .mapEmpty();
        }
        for (DemoOrg o : ORGS) {
            chain = chain.compose(v -> ledger.transfers().transfer(new TransferCommand(TransferKind.CREDIT,
                    AccountRef.issuance(o.code()), AccountRef.fund(o.fundCode()), 600, "Opening the fund", null,
                    "demo:fund:" + o.code(), "demo"), Notices.NONE)).mapEmpty();
        }
        return chain;
    }

    private List<String> howToTry() {
        List<String> lines = new ArrayList<>();
        lines.add("DEMO consortium seeded: NGOs SSP, YL, KT, each with a fund; " + MEMBERS.size() + " members with PIN " + MEMBER_PIN + ":");
        for (DemoMember m : MEMBERS) lines.add("  " + m.phone() + "  " + m.name() + " (" + m.org() + ", " + m.language() + ")");
        lines.add("Coordinators coord-ssp, coord-yl, coord-kt sign in with the password '" + COORDINATOR_PASSWORD + "'");
        return lines;
    }
}
