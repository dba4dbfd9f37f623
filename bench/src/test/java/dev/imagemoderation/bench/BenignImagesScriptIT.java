package dev.imagemoderation.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/benign-images.sh} on one small Debian package, as a user runs it: the report
 * has its three sections, a row for each rule per package and overall, and counts that add
 * up. Its numbers are the benchmark's, not this test's.
 */
class BenignImagesScriptIT {

    private static final Pattern VERDICT_ROW =
            Pattern.compile("\\| (cimg-doc|all) \\| (\\d+) \\| (.+?) \\| (\\d+) \\(.+?\\) \\| (\\d+) \\(.+?\\) \\|");

    @Test
    void onOnePackage_theReportHasEveryRuleAndTiming() throws Exception {
        assumeTrue(onPath("apt-get") && onPath("dpkg-deb"), "needs Debian's apt-get and dpkg-deb");
        Path module = Path.of("").toAbsolutePath();
        Path work = module.resolve("target/benign-it");
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", module.resolve("benign-images.sh").toString(), "cimg-doc")
                .redirectErrorStream(true)
                .redirectOutput(module.resolve("target/benign-it.log").toFile());
        builder.environment().put("BENIGN_WORK", work.toString());
        Process script = builder.start();
        assertThat(script.waitFor(5, TimeUnit.MINUTES))
                .as("finished in 5 minutes")
                .isTrue();
        assertThat(script.exitValue())
                .as(Files.readString(module.resolve("target/benign-it.log")))
                .isZero();

        List<String> lines = Files.readAllLines(work.resolve("report.md"));
        assertThat(lines).contains("# Benign-image benchmark", "## Verdicts", "## Worst images", "## Time per image");
        List<Matcher> rows = lines.stream()
                .map(VERDICT_ROW::matcher)
                .filter(Matcher::matches)
                .toList();
        assertThat(rows).hasSize(2 * BenignImages.Rule.values().length);
        for (var row : rows) {
            int images = Integer.parseInt(row.group(2));
            int remove = Integer.parseInt(row.group(4));
            int review = Integer.parseInt(row.group(5));
            assertThat(images).isPositive();
            assertThat(remove + review).isLessThanOrEqualTo(images);
        }
        assertThat(rows).extracting(r -> r.group(3)).contains(BenignImages.Rule.ENSEMBLE.title);
        assertThat(lines).anyMatch(l -> l.matches("\\| ensemble, models at once \\| \\d+\\.\\d \\|"));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
