package org.timebank.menus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code menus} sees only the ledger's domain types and interfaces, never its SQL (ARCHITECTURE.md). */
class DependencyDirectionTest {
    @Test
    void menusNeverImportsTheLedgersPostgresqlPackageNorVertxSqlNorHttp() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            offending = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    String src = Files.readString(p);
                    return src.contains("org.timebank.ledger.pg") || src.contains("io.vertx.sqlclient")
                            || src.contains("io.vertx.pgclient") || src.contains("io.vertx.ext.web") || src.contains("org.timebank.gateway");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
        assertEquals(List.of(), offending);
    }
}
