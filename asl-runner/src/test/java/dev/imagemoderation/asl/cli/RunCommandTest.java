package dev.imagemoderation.asl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on the example in asl-runner/examples, as its README shows it. */
class RunCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return RunCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void run_example_retriesThenSucceeds_andPrintsStatusOutputAndHistory() throws Exception {
        int code = run(
                "run",
                "examples/retry-and-catch.asl.json",
                "examples/input.json",
                "--tasks",
                "examples/tasks.json",
                "--no-wait");

        assertThat(code).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.path("output").toString()).isEqualTo("{\"receipt\":\"ch_123\",\"amount\":42}");
        assertThat(report.path("history").findValuesAsText("type"))
                .contains("ExecutionStarted", "TaskFailed", "TaskSucceeded", "ExecutionSucceeded");
    }

    @Test
    void run_declined_failsWithTheCatchRoutedError(@TempDir Path dir) throws Exception {
        Path tasks = dir.resolve("tasks.json");
        Files.writeString(tasks, "{\"charge\":{\"error\":\"Declined\",\"cause\":\"insufficient funds\"}}");

        int code = run("run", "examples/retry-and-catch.asl.json", "examples/input.json", "--tasks", tasks.toString());

        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(report.path("error").asText()).isEqualTo("PaymentRefused");
        assertThat(report.path("cause").asText()).isEqualTo("insufficient funds");
    }

    @Test
    void run_invalidDefinition_exits2WithEveryProblem(@TempDir Path dir) throws Exception {
        Path def = dir.resolve("bad.json");
        Files.writeString(
                def, "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"X\",\"States\":{\"A\":{\"Type\":\"Pass\"}}}");

        assertThat(run("run", def.toString(), "examples/input.json")).isEqualTo(2);
        assertThat(err.toString()).contains("StartAt 'X' is not a state").contains("needs exactly one of Next or End");
    }
}
