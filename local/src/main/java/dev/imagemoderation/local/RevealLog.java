package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every reveal of a quarantined image: who, why, which file, when. Appended to a JSON-lines
 * file under the data directory and forced to disk before the image is sent, so no image
 * is ever shown without its record.
 */
final class RevealLog {

    private static final Logger LOG = LoggerFactory.getLogger(RevealLog.class);

    private final Path file;
    private final Clock clock;

    RevealLog(Path dataDir, Clock clock) throws IOException {
        this.file = dataDir.resolve("audit").resolve("reveals.jsonl");
        this.clock = clock;
        Files.createDirectories(file.getParent());
    }

    synchronized ObjectNode record(String execution, String fileId, String key, String moderator, String reason) {
        ObjectNode entry = Json.mapper()
                .createObjectNode()
                .put("time", clock.instant().toString())
                .put("moderator", moderator)
                .put("reason", reason)
                .put("execution", execution)
                .put("fileId", fileId)
                .put("quarantineKey", key);
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap((entry + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
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
        if (!Files.exists(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    entries.add(Json.mapper().readTree(line));
                }
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
