package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters for {@code /metrics} in Prometheus' text format (0.0.4): what an operator
 * watches — events in, images by verdict, removals, failures, queue depth, and the
 * end-to-end latency from Slack's event reaching us to the execution's end.
 */
final class Metrics {

    /** Seconds; around the local goals (150 ms p50, 500 ms p99) and out to Slack's rate-limit waits. */
    static final double[] LATENCY_BUCKETS = {0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};

    private final Map<String, LongAdder> eventsReceived = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> imagesByVerdict = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> executionsByStatus = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: a histogram is read and written as a whole. */
    private final long[] latencyBuckets = new long[LATENCY_BUCKETS.length + 1];

    private long latencyCount;
    private double latencySum;
    private final LongSupplier queueDepth;

    Metrics(LongSupplier queueDepth) {
        this.queueDepth = queueDepth;
    }

    void eventReceived(String intake) {
        eventsReceived.computeIfAbsent(intake, k -> new LongAdder()).increment();
    }

    /** One finished execution: its files' verdicts, removals, status and latency. */
    void executionClosed(Execution e) {
        executionsByStatus
                .computeIfAbsent(e.status().name(), k -> new LongAdder())
                .increment();
        if (e.status() == Execution.Status.SUCCEEDED && e.output() != null) {
            for (JsonNode f : ExecutionView.items(e.output().path("files"))) {
                imagesByVerdict
                        .computeIfAbsent(f.path("action").asText("UNKNOWN"), k -> new LongAdder())
                        .increment();
            }
        }
        Instant received = ExecutionView.receivedAt(e);
        if (received != null && e.stopDate() != null) {
            observeLatency(Duration.between(received, e.stopDate()).toNanos() / 1e9);
        }
    }

    private synchronized void observeLatency(double seconds) {
        latencySum += seconds;
        latencyCount++;
        int i = 0;
        while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) {
            i++;
        }
        latencyBuckets[i]++;
    }

    String render() {
        StringBuilder s = new StringBuilder();
        family(s, "imbot_slack_events_received_total", "counter", "Slack event deliveries received, by intake");
        eventsReceived.forEach((k, v) -> line(s, "imbot_slack_events_received_total", "intake", k, v.sum()));
        family(s, "imbot_images_moderated_total", "counter", "Images moderated, by verdict");
        imagesByVerdict.forEach((k, v) -> line(s, "imbot_images_moderated_total", "verdict", k, v.sum()));
        family(s, "imbot_removals_total", "counter", "Images removed from Slack");
        s.append("imbot_removals_total ")
                .append(count(imagesByVerdict, "REMOVE"))
                .append('\n');
        family(s, "imbot_executions_total", "counter", "Moderation executions finished, by status");
        executionsByStatus.forEach((k, v) -> line(s, "imbot_executions_total", "status", k, v.sum()));
        family(s, "imbot_failures_total", "counter", "Moderation executions that failed (moderators were told)");
        s.append("imbot_failures_total ")
                .append(count(executionsByStatus, "FAILED"))
                .append('\n');
        family(s, "imbot_queue_depth", "gauge", "Events waiting in the queue");
        s.append("imbot_queue_depth ").append(queueDepth.getAsLong()).append('\n');
        family(s, "imbot_end_to_end_seconds", "histogram", "From the event's arrival to the end of its moderation");
        synchronized (this) {
            long cumulative = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                cumulative += latencyBuckets[i];
                s.append("imbot_end_to_end_seconds_bucket{le=\"")
                        .append(LATENCY_BUCKETS[i])
                        .append("\"} ")
                        .append(cumulative)
                        .append('\n');
            }
            cumulative += latencyBuckets[LATENCY_BUCKETS.length];
            s.append("imbot_end_to_end_seconds_bucket{le=\"+Inf\"} ")
                    .append(cumulative)
                    .append('\n');
            s.append("imbot_end_to_end_seconds_sum ")
                    .append(String.format(Locale.ROOT, "%.6f", latencySum))
                    .append('\n');
            s.append("imbot_end_to_end_seconds_count ").append(latencyCount).append('\n');
        }
        return s.toString();
    }

    private static long count(Map<String, LongAdder> counters, String key) {
        LongAdder n = counters.get(key);
        return n == null ? 0 : n.sum();
    }

    private static void family(StringBuilder s, String name, String type, String help) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n');
        s.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder s, String name, String label, String value, long n) {
        s.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\"} ")
                .append(n)
                .append('\n');
    }
}
