package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start on a machine that has never run the gateway: the embedded PostgreSQL's binaries
 * are unpacked from their jar before anything else. Every other test shares binaries an earlier
 * module unpacked (in the system's temporary folder), so only this one shows that the gateway's own
 * classpath can unpack them (once it could not: Twilio's older commons-io won over the one the
 * unpacking needs, and {@code ops/bin/run} failed on a fresh machine with NoSuchMethodError).
 */
class FirstStartTest {

    @Test
    void embeddedPostgresUnpacksAndStartsWithTheGatewaysClasspath(@TempDir Path fresh) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(fresh.resolve("binaries").toFile())
                .setDataDirectory(fresh.resolve("data"))
                .start();
             Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            assertEquals(17, rs.getInt(1));
        }
    }
}
