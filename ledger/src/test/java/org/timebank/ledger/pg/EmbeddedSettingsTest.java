package org.timebank.ledger.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The embedded server's page cache for the machine it runs on. */
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
}
