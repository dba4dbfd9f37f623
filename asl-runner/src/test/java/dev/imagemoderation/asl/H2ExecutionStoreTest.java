package dev.imagemoderation.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2ExecutionStoreTest {

    @TempDir
    Path dir;

    @Test
    void aStoreWrittenWithTheOldClobColumns_isConvertedAndStillReadable() throws Exception {
        Path file = dir.resolve("executions");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "");
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE executions (name VARCHAR(80) PRIMARY KEY, arn VARCHAR(400), input CLOB, status VARCHAR(16), "
                            + "output CLOB, error VARCHAR(1000), cause CLOB, start_date VARCHAR(40), stop_date VARCHAR(40), "
                            + "checkpoint_state VARCHAR(80), checkpoint_input CLOB, checkpoint_vars CLOB)");
            s.execute(
                    "CREATE TABLE events (name VARCHAR(80), id BIGINT, previous_id BIGINT, ts VARCHAR(40), type VARCHAR(64), "
                            + "details CLOB, PRIMARY KEY (name, id))");
            s.execute(
                    "INSERT INTO executions VALUES ('old', 'arn:x', '{\"a\":1}', 'SUCCEEDED', '{\"b\":2}', NULL, NULL, "
                            + "'2026-11-24T10:00:00Z', '2026-11-24T10:00:01Z', NULL, NULL, NULL)");
            s.execute(
                    "INSERT INTO events VALUES ('old', 1, 0, '2026-11-24T10:00:00Z', 'ExecutionStarted', '{\"input\":{\"a\":1}}')");
        }
        try (H2ExecutionStore store = new H2ExecutionStore(file)) {
            var stored = store.load();
            assertThat(stored).singleElement().satisfies(e -> {
                assertThat(e.output().path("b").asInt()).isEqualTo(2);
                assertThat(e.events())
                        .singleElement()
                        .satisfies(ev -> assertThat(
                                        ev.details().path("input").path("a").asInt())
                                .isEqualTo(1));
            });
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file.toAbsolutePath(), "sa", "");
                Statement s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE DATA_TYPE = 'CHARACTER LARGE OBJECT'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
