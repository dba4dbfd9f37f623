package dev.imagemoderation.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * What a user runs: {@code npx cdk synth} from the repository root, offline, with no AWS
 * credentials, through the CLI version pinned in package-lock.json.
 */
class CdkSynthIT {

    @Test
    void npxCdkSynth_fromTheRoot_writesAValidTemplate() throws Exception {
        Path root = Artifacts.locate().root();
        if (!Files.isExecutable(root.resolve("node_modules/.bin/cdk"))) {
            run(root, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        }
        Path out = root.resolve("infra/target/cdk.out");
        run(
                root,
                List.of("npx", "--no-install", "cdk", "synth", "--no-notices", "--quiet", "--output", out.toString()),
                Map.of("CDK_DISABLE_CLI_TELEMETRY", "true", "CDK_DISABLE_VERSION_CHECK", "true"));

        JsonNode template = new ObjectMapper()
                .readTree(out.resolve("ImageModerationBot.template.json").toFile());
        Map<String, Integer> counts = new HashMap<>();
        template.path("Resources").forEach(r -> counts.merge(r.path("Type").asText(), 1, Integer::sum));
        assertThat(counts)
                .containsEntry("AWS::Lambda::Function", 19)
                .containsEntry("AWS::Lambda::Alias", 19)
                .containsEntry("AWS::Lambda::Version", 19)
                .containsEntry("AWS::StepFunctions::StateMachine", 2)
                .containsEntry("AWS::SQS::Queue", 2)
                .containsEntry("AWS::S3::Bucket", 2)
                .containsEntry("AWS::SecretsManager::Secret", 3)
                .containsEntry("AWS::ApiGatewayV2::Api", 1)
                .containsEntry("AWS::Lambda::EventSourceMapping", 1)
                .containsEntry("AWS::CloudWatch::Alarm", 7)
                .containsEntry("AWS::KMS::Key", 1);
        assertThat(StreamSupport.stream(template.path("Outputs").spliterator(), false))
                .isNotEmpty();
        assertThat(template.path("Outputs").has("RequestUrl")).isTrue();
        // the function code went along as assets, built by Maven (no Docker bundling)
        assertThat(Files.list(out)
                        .filter(p -> p.getFileName().toString().startsWith("asset."))
                        .count())
                .isGreaterThanOrEqualTo(3);
    }

    private static void run(Path dir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        File log = Files.createTempFile("cdk", ".log").toFile();
        pb.redirectOutput(log);
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log.toPath());
        assertThat(done).as("%s timed out:%n%s", command, output).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", command, output).isZero();
    }
}
