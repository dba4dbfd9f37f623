package dev.imagemoderation.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.internal.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link ExecutionStore} in an embedded H2 database file. One connection, calls serialised. */
public final class H2ExecutionStore implements ExecutionStore {

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    /** @param file the database file without extension, e.g. {@code data/executions} */
    public H2ExecutionStore(Path file) {
        try {
            connection = DriverManager.getConnection(
                    "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=FALSE", "sa", "");
            try (Statement s = connection.createStatement()) {
                // Text columns, not CLOBs: H2 keeps each CLOB in its LOB store, which made every
                // history event several writes; a history event is a few KiB at most.
                s.execute("CREATE TABLE IF NOT EXISTS executions (name VARCHAR(80) PRIMARY KEY, arn VARCHAR(400), "
                        + "input VARCHAR, status VARCHAR(16), output VARCHAR, error VARCHAR(1000), cause VARCHAR, "
                        + "start_date VARCHAR(40), stop_date VARCHAR(40), checkpoint_state VARCHAR(80), "
                        + "checkpoint_input VARCHAR, checkpoint_vars VARCHAR)");
                s.execute("CREATE TABLE IF NOT EXISTS events (name VARCHAR(80), id BIGINT, previous_id BIGINT, "
                        + "ts VARCHAR(40), type VARCHAR(64), details VARCHAR, PRIMARY KEY (name, id))");
                migrateClobColumns(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open execution store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stores written by earlier versions used CLOB columns; H2 converts them in place. */
    private static void migrateClobColumns(Statement s) throws SQLException {
        List<String[]> clobs = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND DATA_TYPE = 'CHARACTER LARGE OBJECT'")) {
            while (rs.next()) {
                clobs.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] c : clobs) {
            s.execute("ALTER TABLE " + c[0] + " ALTER COLUMN " + c[1] + " SET DATA TYPE VARCHAR");
        }
    }

    @Override
    public synchronized void created(Execution e) {
        update(
                "INSERT INTO executions (name, arn, input, status, start_date) VALUES (?, ?, ?, ?, ?)",
                e.name(),
                e.arn(),
                e.input(),
                e.status().name(),
                e.startDate().toString());
    }

    @Override
    public synchronized void event(String name, HistoryEvent ev) {
        update(
                "INSERT INTO events (name, id, previous_id, ts, type, details) VALUES (?, ?, ?, ?, ?, ?)",
                name,
                ev.id(),
                ev.previousEventId(),
                ev.timestamp().toString(),
                ev.type(),
                ev.details().toString());
    }

    @Override
    public synchronized void checkpoint(String name, String state, JsonNode input, Map<String, Object> variables) {
        update(
                "UPDATE executions SET checkpoint_state = ?, checkpoint_input = ?, checkpoint_vars = ? WHERE name = ?",
                state,
                input.toString(),
                Values.toJson(variables).toString(),
                name);
        // The state about to run may act on the world (delete a file, post a message): if this
        // checkpoint were lost, a resume would start further back, at a state whose result that
        // action changes (a fetch that now finds the file gone).
        flush();
    }

    @Override
    public synchronized void closed(Execution e) {
        update(
                "UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ? WHERE name = ?",
                e.status().name(),
                e.output() == null ? null : e.output().toString(),
                e.error(),
                e.cause(),
                e.stopDate() == null ? null : e.stopDate().toString(),
                e.name());
    }

    /**
     * H2 writes committed changes in the background, up to half a second late; {@code CHECKPOINT}
     * writes them now (to the operating system: a process kill loses nothing). History events
     * in between may wait for the next flush.
     */
    @Override
    public synchronized void flush() {
        update("CHECKPOINT");
    }

    @Override
    public synchronized List<Stored> load() {
        Map<String, List<HistoryEvent>> events = new HashMap<>();
        List<Stored> out = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs =
                    s.executeQuery("SELECT name, id, previous_id, ts, type, details FROM events ORDER BY name, id")) {
                while (rs.next()) {
                    events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new HistoryEvent(
                                    rs.getLong(2),
                                    rs.getLong(3),
                                    Instant.parse(rs.getString(4)),
                                    rs.getString(5),
                                    json(rs.getString(6))));
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT name, arn, input, status, output, error, cause, start_date, stop_date, "
                            + "checkpoint_state, checkpoint_input, checkpoint_vars FROM executions ORDER BY start_date")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(new Stored(
                            name,
                            rs.getString(2),
                            rs.getString(3),
                            Execution.Status.valueOf(rs.getString(4)),
                            json(rs.getString(5)),
                            rs.getString(6),
                            rs.getString(7),
                            Instant.parse(rs.getString(8)),
                            rs.getString(9) == null ? null : Instant.parse(rs.getString(9)),
                            rs.getString(10),
                            json(rs.getString(11)),
                            json(rs.getString(12)),
                            events.getOrDefault(name, List.of())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read execution store: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a file database that is already closed
        }
    }

    /** Calls are serialised, so one prepared statement per SQL text serves them all. */
    private void update(String sql, Object... args) {
        try {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                prepared.put(sql, ps);
            }
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write execution store: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Values.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("corrupt JSON in execution store", e);
        }
    }
}
