package dev.imagemoderation.bench;

import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.ModerationLabel;
import dev.imagemoderation.core.moderation.Policy;
import dev.imagemoderation.core.moderation.PolicyEvaluator;
import dev.imagemoderation.core.moderation.PolicyLoader;
import dev.imagemoderation.detector.DetectorSetup;
import dev.imagemoderation.detector.LocalDetector;
import dev.imagemoderation.detector.Model;
import dev.imagemoderation.detector.internal.ImageDecoder;
import dev.imagemoderation.detector.internal.RekognitionMapping;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * False positives on images that are certainly not explicit: every JPEG and PNG of at least
 * 200 px a side under the given directories (one per Debian package, unpacked by
 * {@code bench/benign-images.sh}), scored by each model and by each way of combining the
 * three, under the default policy. Writes a Markdown report.
 *
 * <p>Args: {@code REPORT.md DIR...}; each directory's name is the package's.
 */
public final class BenignImages {

    static final int MIN_SIDE = 200;
    private static final int WORST = 12;

    /** One way to turn three models' answers into one. */
    enum Rule {
        MOBILENET_V2("mobilenet_v2 alone"),
        MOBILENET_V2_MID("mobilenet_v2_mid alone"),
        INCEPTION_V3("inception_v3 alone"),
        ANY("any model (highest of three)"),
        ENSEMBLE("ensemble: second-highest, one model alone → REVIEW (shipped)"),
        ALL("all three (lowest of three)");

        final String title;

        Rule(String title) {
            this.title = title;
        }
    }

    /** @param file where the image is; {@code shown} its path inside the package, for the report */
    record Scored(String pkg, Path file, Path shown, List<float[]> probabilities, Map<Rule, Action> verdicts) {
        float worst() {
            float w = 0;
            for (float[] p : probabilities) {
                w = Math.max(w, Math.max(Math.max(p[1], p[3]), p[4]));
            }
            return w;
        }
    }

    private BenignImages() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BenignImages REPORT.md DIR...");
            System.exit(2);
        }
        Policy policy = PolicyLoader.preset("default");
        PolicyEvaluator evaluator = new PolicyEvaluator(policy);
        List<Scored> scored = new ArrayList<>();
        Map<String, Integer> found = new LinkedHashMap<>();
        long[] inferenceNanos = new long[Model.values().length];
        List<Long> sequential = new ArrayList<>();
        try (LocalDetector detector = new LocalDetector(DetectorSetup.ENSEMBLE, 1, false)) {
            for (int d = 1; d < args.length; d++) {
                Path dir = Path.of(args[d]);
                String pkg = dir.getFileName().toString();
                List<Path> files = images(dir);
                found.put(pkg, 0);
                for (Path file : files) {
                    BufferedImage rgb = decode(file);
                    if (rgb == null) {
                        continue;
                    }
                    found.merge(pkg, 1, Integer::sum);
                    long t0 = System.nanoTime();
                    List<float[]> p = detector.probabilitiesPerModel(rgb);
                    sequential.add(System.nanoTime() - t0);
                    scored.add(
                            new Scored(pkg, file, dir.relativize(file), p, verdicts(detector, p, policy, evaluator)));
                }
            }
            // Per model, on the first images: the time of one inference, decoding excluded.
            for (Model m : Model.values()) {
                try (LocalDetector one = new LocalDetector(m, 1)) {
                    inferenceNanos[m.ordinal()] = medianNanos(one, scored);
                }
            }
        }
        long concurrent;
        try (LocalDetector parallel = new LocalDetector(DetectorSetup.ENSEMBLE, 1, true)) {
            concurrent = medianNanos(parallel, scored);
        }
        String report = report(found, scored, inferenceNanos, median(sequential), concurrent);
        Files.writeString(Path.of(args[0]), report);
        System.out.print(report);
    }

    /** @param ensemble answers for the shipped rule, from the probabilities already computed */
    static Map<Rule, Action> verdicts(
            LocalDetector ensemble, List<float[]> p, Policy policy, PolicyEvaluator evaluator) {
        float min = policy.minConfidence();
        List<Detection> all = new ArrayList<>();
        Map<Rule, Action> verdicts = new LinkedHashMap<>();
        for (Model m : Model.values()) {
            Detection one = RekognitionMapping.toDetection(p.get(m.ordinal()), 0f, m.version());
            all.add(one);
            Detection filtered = RekognitionMapping.toDetection(p.get(m.ordinal()), min, m.version());
            verdicts.put(
                    Rule.valueOf(m.name()),
                    evaluator.evaluate("C1", filtered, m.version()).action());
        }
        verdicts.put(
                Rule.ANY, evaluator.evaluate("C1", pick(all, 0, min), "any").action());
        verdicts.put(
                Rule.ENSEMBLE,
                evaluator.evaluate("C1", ensemble.answer(p, min), "ensemble").action());
        verdicts.put(
                Rule.ALL, evaluator.evaluate("C1", pick(all, 2, min), "all").action());
        return verdicts;
    }

    /** Each label at the {@code rank}-th highest of the models' confidences (0: highest). */
    private static Detection pick(List<Detection> perModel, int rank, float min) {
        List<ModerationLabel> labels = new ArrayList<>();
        for (ModerationLabel first : perModel.getFirst().moderationLabels()) {
            List<Float> c = perModel.stream()
                    .map(d -> d.moderationLabels().stream()
                            .filter(l -> l.name().equals(first.name()))
                            .findFirst()
                            .map(ModerationLabel::confidence)
                            .orElse(0f))
                    .sorted(Comparator.reverseOrder())
                    .toList();
            if (c.get(rank) >= min) {
                labels.add(new ModerationLabel(first.name(), first.parentName(), c.get(rank), first.taxonomyLevel()));
            }
        }
        return new Detection(labels, "combined", List.of());
    }

    private static List<Path> images(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
                    })
                    .sorted()
                    .toList();
        }
    }

    private static BufferedImage decode(Path file) {
        try {
            BufferedImage rgb = ImageDecoder.decode(Files.readAllBytes(file));
            return Math.min(rgb.getWidth(), rgb.getHeight()) >= MIN_SIDE ? rgb : null;
        } catch (Exception e) {
            return null; // not an image this detector reads (a symlink, an SVG renamed, a broken file)
        }
    }

    /** Median wall time of one {@code probabilitiesPerModel} over up to 40 of the images, after a warm-up. */
    private static long medianNanos(LocalDetector detector, List<Scored> scored) throws Exception {
        List<BufferedImage> sample = new ArrayList<>();
        for (Scored s : scored.subList(0, Math.min(40, scored.size()))) {
            sample.add(decode(s.file()));
        }
        if (sample.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < 3; i++) {
            detector.probabilitiesPerModel(sample.get(i % sample.size()));
        }
        List<Long> t = new ArrayList<>();
        for (BufferedImage rgb : sample) {
            long t0 = System.nanoTime();
            detector.probabilitiesPerModel(rgb);
            t.add(System.nanoTime() - t0);
        }
        return median(t);
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static String report(
            Map<String, Integer> found, List<Scored> scored, long[] inference, long sequential, long concurrent) {
        StringBuilder r = new StringBuilder();
        r.append("# Benign-image benchmark\n\n");
        r.append(String.format(
                "%d images of at least %d px a side from %d packages; none is explicit. Default policy.%n%n",
                scored.size(), MIN_SIDE, found.size()));
        r.append("## Verdicts\n\n");
        r.append("| package | images | rule | REMOVE | REVIEW |\n|---|---|---|---|---|\n");
        List<String> packages = new ArrayList<>(found.keySet());
        packages.add("all");
        for (String pkg : packages) {
            List<Scored> in = pkg.equals("all")
                    ? scored
                    : scored.stream().filter(s -> s.pkg().equals(pkg)).toList();
            for (Rule rule : Rule.values()) {
                long remove = in.stream()
                        .filter(s -> s.verdicts().get(rule) == Action.REMOVE)
                        .count();
                long review = in.stream()
                        .filter(s -> s.verdicts().get(rule) == Action.REVIEW)
                        .count();
                r.append(String.format(
                        "| %s | %d | %s | %d (%s) | %d (%s) |%n",
                        pkg, in.size(), rule.title, remove, pct(remove, in.size()), review, pct(review, in.size())));
            }
        }
        r.append("\n## Worst images\n\n");
        r.append("The images any model scores highest for Hentai, Porn or Sexy: each model's highest of those"
                + " three classes, and its verdict alone.\n\n");
        r.append("| image | mobilenet_v2 | mobilenet_v2_mid | inception_v3 | ensemble |\n|---|---|---|---|---|\n");
        scored.stream()
                .sorted(Comparator.comparing(Scored::worst).reversed())
                .limit(WORST)
                .forEach(s -> {
                    r.append("| ").append(s.pkg()).append('/').append(s.shown()).append(' ');
                    for (Model m : Model.values()) {
                        r.append("| ")
                                .append(top(s.probabilities().get(m.ordinal())))
                                .append(' ')
                                .append(s.verdicts().get(Rule.valueOf(m.name())))
                                .append(' ');
                    }
                    r.append("| ").append(s.verdicts().get(Rule.ENSEMBLE)).append(" |\n");
                });
        r.append("\n## Time per image\n\n");
        r.append("Median wall time of inference (preprocessing included, decoding not), one worker.\n\n");
        r.append("| detector | ms per image |\n|---|---|\n");
        for (Model m : Model.values()) {
            r.append(String.format("| %s | %.1f |%n", m.id(), inference[m.ordinal()] / 1e6));
        }
        r.append(String.format("| ensemble, models one after the other | %.1f |%n", sequential / 1e6));
        r.append(String.format("| ensemble, models at once | %.1f |%n", concurrent / 1e6));
        return r.toString();
    }

    /** The highest of Hentai, Porn and Sexy, named. */
    private static String top(float[] p) {
        String[] classes = {"Drawing", "Hentai", "Neutral", "Porn", "Sexy"};
        int best = 1;
        for (int i : new int[] {3, 4}) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return String.format(Locale.ROOT, "%s %.2f", classes[best], p[best]);
    }

    private static String pct(long n, int of) {
        return of == 0 ? "–" : String.format("%.1f %%", 100.0 * n / of);
    }
}
