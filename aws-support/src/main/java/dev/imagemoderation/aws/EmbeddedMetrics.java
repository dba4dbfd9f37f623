package dev.imagemoderation.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.metrics.ModerationMetrics;
import dev.imagemoderation.core.moderation.Action;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@link ModerationMetrics} as CloudWatch embedded metric format: one JSON line per figure on stdout,
 * which Lambda ships to CloudWatch Logs, where the metric is extracted without an API call. The
 * logback JSON encoder nests key-values, so EMF's {@code _aws} root cannot go through it.
 */
public final class EmbeddedMetrics implements ModerationMetrics {

    public static final String NAMESPACE = "ImageModeration";

    private final PrintStream out;
    private final Clock clock;

    public EmbeddedMetrics(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** What the handlers use on AWS. */
    public static EmbeddedMetrics stdout() {
        return new EmbeddedMetrics(System.out, Clock.systemUTC());
    }

    @Override
    public void imageDecided(Action verdict) {
        emit("Images", "Count", 1, Map.of("Verdict", verdict.name()));
    }

    @Override
    public void filesRemoved(int count, Duration sinceReceived) {
        if (count > 0) {
            emit("Removals", "Count", count, Map.of());
            emit("TimeToRemoval", "Milliseconds", Math.max(0, sinceReceived.toMillis()), Map.of());
        }
    }

    @Override
    public void removalFailed() {
        emit("RemovalsFailed", "Count", 1, Map.of());
    }

    @Override
    public void moderationFailed(String state) {
        emit("ModerationFailures", "Count", 1, Map.of("State", state == null ? "unknown" : state));
    }

    private void emit(String name, String unit, double value, Map<String, String> dimensions) {
        ObjectNode line = Json.mapper().createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        dimensions.forEach(line::put);
        line.put(name, value);
        synchronized (out) {
            out.println(line);
        }
    }
}
