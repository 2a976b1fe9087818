package org.timebank.ledger.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The embedded server's page cache for the machine it runs on, and an operator's overrides. */
class EmbeddedSettingsTest {
    private static final long MB = 1024L * 1024;

    @ParameterizedTest(name = "{0} MB of memory: shared_buffers {1} MB")
    @CsvSource({
            "512,    128",   // a small machine keeps PostgreSQL's default
            "1024,   128",
            "2048,   256",   // an eighth of the memory
            "4096,   512",
            "8192,   1024",
            "24576,  1024",  // at most 1 GB
    })
    void anEighthOfTheMemoryBetween128MbAnd1Gb(long memoryMb, long sharedBuffersMb) {
        assertEquals(sharedBuffersMb, Database.sharedBuffersMb(memoryMb * MB));
    }

    @Test
    void overridesAreNameValuePairsInOrder() {
        assertEquals(Map.of(), Database.serverConfigOverrides(""));
        var settings = Database.serverConfigOverrides(" autovacuum_max_workers=1, ,autovacuum_vacuum_cost_delay = 10ms");
        assertEquals(List.of("autovacuum_max_workers", "autovacuum_vacuum_cost_delay"), List.copyOf(settings.keySet()));
        assertEquals("10ms", settings.get("autovacuum_vacuum_cost_delay"));
    }

    @Test
    void anEntryWithoutANameIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class, () -> Database.serverConfigOverrides("fsync"));
        assertEquals("timebank.embeddedServerConfig: expected name=value, got 'fsync'", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Database.serverConfigOverrides("=on"));
    }
}
