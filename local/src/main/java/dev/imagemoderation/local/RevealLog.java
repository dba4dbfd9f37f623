package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.digest.Sha256;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every reveal of a quarantined image: who, why, which file, when. Appended to a JSON-lines
 * file under the data directory and forced to disk before the image is sent, so no image
 * is ever shown without its record.
 *
 * <p>Tamper-evident: each entry carries {@code previous}, the SHA-256 of the line before it as
 * written (64 zeros for the first). Editing or deleting an entry breaks the next one's link, which
 * {@link #verify()} reports and the console shows. The newest entry has no successor to vouch for it.
 */
final class RevealLog {

    private static final Logger LOG = LoggerFactory.getLogger(RevealLog.class);

    static final String GENESIS = "0".repeat(64);

    private final Path file;
    private final Clock clock;
    private String lastLine;

    RevealLog(Path dataDir, Clock clock) throws IOException {
        this.file = dataDir.resolve("audit").resolve("reveals.jsonl");
        this.clock = clock;
        Files.createDirectories(file.getParent());
        List<String> lines = lines();
        this.lastLine = lines.isEmpty() ? null : lines.getLast();
    }

    /** Whether every entry's {@code previous} is the hash of the line before it. */
    record Chain(boolean intact, int entries, Integer brokenAt) {}

    synchronized Chain verify() {
        List<String> lines = lines();
        String expected = GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            String previous;
            try {
                previous = Json.mapper().readTree(lines.get(i)).path("previous").asText("");
            } catch (IOException e) {
                return new Chain(false, lines.size(), i);
            }
            if (!previous.equals(expected)) {
                return new Chain(false, lines.size(), i);
            }
            expected = Sha256.hex(lines.get(i));
        }
        return new Chain(true, lines.size(), null);
    }

    private List<String> lines() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param session who was logged in to the console when its password is on, else null */
    synchronized ObjectNode record(
            String execution, String fileId, String key, String moderator, String reason, String session) {
        ObjectNode entry = Json.mapper()
                .createObjectNode()
                .put("time", clock.instant().toString())
                .put("moderator", moderator)
                .put("reason", reason)
                .put("execution", execution)
                .put("fileId", fileId)
                .put("quarantineKey", key)
                .put("session", session)
                .put("previous", lastLine == null ? GENESIS : Sha256.hex(lastLine));
        String line = entry.toString();
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
            lastLine = line;
        } catch (IOException e) {
            throw new UncheckedIOException("the reveal could not be recorded, so the image is not shown", e);
        }
        LOG.atWarn()
                .addKeyValue("moderator", moderator)
                .addKeyValue("execution", execution)
                .addKeyValue("fileId", fileId)
                .log("quarantined image revealed");
        return entry;
    }

    synchronized ArrayNode all() {
        ArrayNode entries = Json.mapper().createArrayNode();
        try {
            for (String line : lines()) {
                entries.add(Json.mapper().readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    ArrayNode forExecution(String execution) {
        ArrayNode mine = Json.mapper().createArrayNode();
        for (JsonNode e : all()) {
            if (e.path("execution").asText().equals(execution)) {
                mine.add(e);
            }
        }
        return mine;
    }
}
