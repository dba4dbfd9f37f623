package dev.imagemoderation.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.memory.CachedDetection;
import dev.imagemoderation.core.memory.Decision;
import dev.imagemoderation.core.memory.DecisionKind;
import dev.imagemoderation.core.memory.DecisionStore;
import dev.imagemoderation.core.moderation.Detection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Local mode's decision store: an H2 file in the data directory beside the executions, so that the memory
 * survives a restart and a kill as the rest of local mode does, with no second process to supervise. It holds
 * what the DynamoDB table holds, and passes the same contract test.
 */
final class H2DecisionStore implements DecisionStore, AutoCloseable {

    private final Connection connection;

    /** @param file the database file without extension, e.g. {@code data/memory} */
    H2DecisionStore(Path file) {
        try {
            connection = DriverManager.getConnection(
                    "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=FALSE", "sa", "");
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS decisions (team VARCHAR(40), sha256 VARCHAR(64), "
                        + "pdq VARCHAR(64), pdq_quality INT, kind VARCHAR(32), actor VARCHAR(40), "
                        + "decided_at VARCHAR(40), execution VARCHAR(200), PRIMARY KEY (team, sha256))");
                s.execute("CREATE TABLE IF NOT EXISTS verdict_cache (team VARCHAR(40), sha256 VARCHAR(64), "
                        + "detector VARCHAR(200), policy_version VARCHAR(200), detection VARCHAR, "
                        + "detector_label VARCHAR(200), stored_at VARCHAR(40), expires_at BIGINT, "
                        + "PRIMARY KEY (team, sha256, detector, policy_version))");
                // The sweep at each new cache entry reads only the expired rows.
                s.execute("CREATE INDEX IF NOT EXISTS verdict_cache_expiry ON verdict_cache (expires_at)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the decision store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void record(Decision d) {
        try (PreparedStatement s = connection.prepareStatement(
                "MERGE INTO decisions (team, sha256, pdq, pdq_quality, kind, actor, decided_at, execution) "
                        + "KEY (team, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, d.teamId());
            s.setString(2, d.sha256());
            s.setString(3, d.pdq());
            if (d.pdq() == null) {
                s.setNull(4, Types.INTEGER);
            } else {
                s.setInt(4, d.pdqQuality());
            }
            s.setString(5, d.kind().name());
            s.setString(6, d.actor());
            s.setString(7, d.decidedAt().toString());
            s.setString(8, d.execution());
            s.executeUpdate();
        } catch (SQLException e) {
            throw failed("record a decision", e);
        }
    }

    @Override
    public synchronized Optional<Decision> decision(String teamId, String sha256) {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT sha256, pdq, pdq_quality, kind, actor, decided_at, execution FROM decisions "
                        + "WHERE team = ? AND sha256 = ?")) {
            s.setString(1, teamId);
            s.setString(2, sha256);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(decision(teamId, rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read a decision", e);
        }
    }

    @Override
    public synchronized List<Decision> decisionsWithPdq(String teamId) {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT sha256, pdq, pdq_quality, kind, actor, decided_at, execution FROM decisions "
                        + "WHERE team = ? AND pdq IS NOT NULL")) {
            s.setString(1, teamId);
            List<Decision> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(decision(teamId, rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read the decisions", e);
        }
    }

    @Override
    public synchronized void cache(CachedDetection c) {
        try (PreparedStatement s = connection.prepareStatement(
                "MERGE INTO verdict_cache (team, sha256, detector, policy_version, detection, detector_label, "
                        + "stored_at, expires_at) KEY (team, sha256, detector, policy_version) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, c.teamId());
            s.setString(2, c.sha256());
            s.setString(3, c.detector());
            s.setString(4, c.policyVersion());
            s.setString(5, Json.mapper().writeValueAsString(c.detection()));
            s.setString(6, c.detectorLabel());
            s.setString(7, c.storedAt().toString());
            s.setLong(8, c.expiresAt().getEpochSecond());
            s.executeUpdate();
            // Expired entries are swept as new ones arrive, as DynamoDB's TTL sweeps them eventually.
            try (PreparedStatement sweep =
                    connection.prepareStatement("DELETE FROM verdict_cache WHERE expires_at <= ?")) {
                sweep.setLong(1, c.storedAt().getEpochSecond());
                sweep.executeUpdate();
            }
        } catch (SQLException e) {
            throw failed("cache labels", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Detection always serialises", e);
        }
    }

    @Override
    public synchronized Optional<CachedDetection> cached(
            String teamId, String sha256, String detector, String policyVersion, Instant now) {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT detection, detector_label, stored_at, expires_at FROM verdict_cache "
                        + "WHERE team = ? AND sha256 = ? AND detector = ? AND policy_version = ?")) {
            s.setString(1, teamId);
            s.setString(2, sha256);
            s.setString(3, detector);
            s.setString(4, policyVersion);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                CachedDetection c = new CachedDetection(
                        teamId,
                        sha256,
                        detector,
                        policyVersion,
                        Json.mapper().readValue(rs.getString(1), Detection.class),
                        rs.getString(2),
                        Instant.parse(rs.getString(3)),
                        Instant.ofEpochSecond(rs.getLong(4)));
                return c.validAt(now) ? Optional.of(c) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read cached labels", e);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Decision decision(String teamId, ResultSet rs) throws SQLException {
        return new Decision(
                teamId,
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                DecisionKind.valueOf(rs.getString(4)),
                rs.getString(5),
                Instant.parse(rs.getString(6)),
                rs.getString(7));
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("the decision store could not " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
