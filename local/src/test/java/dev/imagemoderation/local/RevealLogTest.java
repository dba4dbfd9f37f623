package dev.imagemoderation.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reveal log is append-only and tamper-evident: each entry carries the hash of the one before. */
class RevealLogTest {

    @Test
    void chain_holdsAcrossRestarts_andAnEditedOrDeletedEntryBreaksTheNextLink(@TempDir Path dir) throws Exception {
        RevealLog log = new RevealLog(dir, Clock.systemUTC());
        log.record("T1-Ev1", "F1", "quarantine/T1/Ev1/F1", "alex", "appeal", null);
        log.record("T1-Ev2", "F2", "quarantine/T1/Ev2/F2", "sam", "review", null);
        RevealLog afterRestart = new RevealLog(dir, Clock.systemUTC());
        afterRestart.record("T1-Ev3", "F3", "quarantine/T1/Ev3/F3", "alex", "second look", "ops");

        assertThat(afterRestart.verify()).isEqualTo(new RevealLog.Chain(true, 3, null));
        assertThat(afterRestart.all().get(0).path("previous").asText()).isEqualTo(RevealLog.GENESIS);

        Path file = dir.resolve("audit/reveals.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.set(1, lines.get(1).replace("\"review\"", "\"nothing to see\""));
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThat(afterRestart.verify()).isEqualTo(new RevealLog.Chain(false, 3, 2));

        lines.remove(1);
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThat(afterRestart.verify().intact()).isFalse();
    }
}
