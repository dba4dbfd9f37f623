package dev.imagemoderation.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Splits local mode's CPU time by component, from a JFR recording: each Java execution
 * sample goes to the component of its innermost frame that belongs to one (Jackson called by
 * the Slack client counts as Jackson), and each native sample inside ONNX Runtime to the
 * detector (its inference runs in native code, on the calling thread). The shares of the
 * samples then split the measured CPU time per execution. The JVM's own threads (GC, JIT)
 * are not sampled, so their time is spread over the components in proportion.
 */
final class CpuBreakdown {

    /** Component, then package prefixes, the first match of the innermost frame wins. */
    private static final Map<String, List<String>> COMPONENTS = components();

    private CpuBreakdown() {}

    private static Map<String, List<String>> components() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put(
                "detector (ONNX Runtime inference, preprocessing)",
                List.of("ai.onnxruntime.", "dev.imagemoderation.detector."));
        c.put("H2: the queue's message store", List.of("scalikejdbc.", "org.elasticmq.persistence."));
        c.put("ElasticMQ (Pekko, its HTTP server)", List.of("org.elasticmq.", "org.apache.pekko.", "scala.", "spray."));
        c.put("H2: execution store", List.of("org.h2."));
        c.put(
                "S3Proxy (jclouds, Jetty)",
                List.of("org.gaul.", "org.jclouds.", "org.eclipse.jetty.", "com.google.inject."));
        c.put("JSONata", List.of("com.dashjoin.jsonata."));
        c.put("Jackson", List.of("com.fasterxml.jackson.", "software.amazon.awssdk.thirdparty.jackson."));
        c.put(
                "Slack client (and its OkHttp, Gson)",
                List.of("com.slack.api.", "okhttp3.", "okio.", "com.google.gson."));
        c.put("AWS SDK clients", List.of("software.amazon.awssdk."));
        c.put(
                "image decoding and conversion",
                List.of("javax.imageio.", "com.sun.imageio.", "java.awt.", "sun.awt.", "sun.java2d."));
        c.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
        c.put(
                "HTTP and sockets (JDK)",
                List.of("sun.net.", "java.net.", "sun.nio.", "com.sun.net.httpserver.", "sun.security."));
        c.put("step runner and handlers (ours)", List.of("dev.imagemoderation."));
        return c;
    }

    static void print(Path jfr, Instant from, Instant to, double cpuMsPerExecution) throws IOException {
        Map<String, Integer> samples = new LinkedHashMap<>();
        COMPONENTS.keySet().forEach(k -> samples.put(k, 0));
        samples.put("other (JDK collections, threads, ...)", 0);
        int total = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                boolean java = type.equals("jdk.ExecutionSample");
                if (!java && !type.equals("jdk.NativeMethodSample")) {
                    continue;
                }
                if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to) || e.getStackTrace() == null) {
                    continue;
                }
                String component = component(e.getStackTrace().getFrames(), java);
                if (component == null) {
                    continue; // a thread blocked in native code (a socket read): not CPU
                }
                samples.merge(component, 1, Integer::sum);
                total++;
            }
        }
        System.out.printf("CPU per execution in the burst, by component (%d samples):%n", total);
        System.out.println("| component | share | CPU ms per execution |");
        System.out.println("|---|---|---|");
        for (var entry : samples.entrySet()) {
            double share = total == 0 ? 0 : entry.getValue() / (double) total;
            System.out.printf("| %s | %.1f %% | %.2f |%n", entry.getKey(), share * 100, share * cpuMsPerExecution);
        }
    }

    private static String component(List<RecordedFrame> frames, boolean java) {
        if (!java) {
            // Native samples also catch threads waiting in a system call; only inference is work.
            boolean inference = frames.stream()
                    .limit(3)
                    .anyMatch(f -> f.getMethod().getType().getName().startsWith("ai.onnxruntime."));
            return inference ? COMPONENTS.keySet().iterator().next() : null;
        }
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("org.h2.")) {
                boolean queue = frames.stream()
                        .anyMatch(f -> f.getMethod().getType().getName().startsWith("scalikejdbc."));
                return queue ? "H2: the queue's message store" : "H2: execution store";
            }
            for (var entry : COMPONENTS.entrySet()) {
                for (String prefix : entry.getValue()) {
                    if (type.startsWith(prefix)) {
                        return entry.getKey();
                    }
                }
            }
        }
        return "other (JDK collections, threads, ...)";
    }
}
