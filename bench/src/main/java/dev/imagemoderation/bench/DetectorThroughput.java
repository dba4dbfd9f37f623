package dev.imagemoderation.bench;

import dev.imagemoderation.detector.DetectorSetup;
import dev.imagemoderation.detector.LocalDetector;
import dev.imagemoderation.detector.Model;
import dev.imagemoderation.detector.internal.ImageDecoder;
import dev.imagemoderation.detector.internal.Preprocessor;
import dev.imagemoderation.detector.internal.RekognitionMapping;
import dev.imagemoderation.testkit.images.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local detector's speed: inference alone, and bytes → labels (decode, preprocess,
 * inference, mapping) for 480-px JPEG thumbnails and 12-megapixel JPEGs, on one thread
 * and on N workers; and resident memory over many images.
 * Args: {@code [rssImages=10000] [workers=2] [rssDetector=mobilenet_v2|ensemble|...]}; with
 * {@code ensemble} the memory run holds all three models and answers by the ensemble's rule.
 */
public final class DetectorThroughput {

    private DetectorThroughput() {}

    public static void main(String[] args) throws Exception {
        int rssImages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        DetectorSetup rssSetup = DetectorSetup.byId(args.length > 2 ? args[2] : Model.MOBILENET_V2.id())
                .orElseThrow(() -> new IllegalArgumentException("detectors: " + DetectorSetup.ids()));
        byte[] thumbnail = TestImages.jpeg(480, 360);
        byte[] twelveMp = TestImages.jpeg(4000, 3000);
        System.out.printf(
                "cpu: %s, %d cores%n", cpuModel(), Runtime.getRuntime().availableProcessors());
        for (Model model : new Model[] {Model.MOBILENET_V2, Model.MOBILENET_V2_MID}) {
            try (LocalDetector detector = new LocalDetector(model, workers)) {
                BufferedImage rgb = ImageDecoder.decode(thumbnail);
                for (int i = 0; i < 50; i++) {
                    detector.probabilities(rgb);
                }
                float[] tensor = Preprocessor.toTensor(rgb, model.size());
                double inference = median(200, () -> detector.probabilities(rgb), tensor.length);
                double thumb = median(
                        200,
                        () -> RekognitionMapping.toDetection(
                                detector.probabilities(ImageDecoder.decode(thumbnail)), 50, model.version()),
                        0);
                double big = median(
                        15,
                        () -> RekognitionMapping.toDetection(
                                detector.probabilities(ImageDecoder.decode(twelveMp)), 50, model.version()),
                        0);
                double perSecond = parallel(() -> detector.probabilities(ImageDecoder.decode(thumbnail)), workers, 400);
                System.out.printf(
                        "%s: inference %.2f ms (1 thread) | 480px bytes->labels %.2f ms | 12MP bytes->labels %.1f ms"
                                + " | %d workers: %.1f thumbnails/s%n",
                        model.id(), inference, thumb, big, workers, perSecond);
            }
        }
        try (LocalDetector detector = new LocalDetector(rssSetup, workers)) {
            if (rssSetup.isEnsemble()) {
                double perSecond = parallel(() -> detector.detect(ImageDecoder.decode(thumbnail), 50), workers, 100);
                System.out.printf("%s: %d workers: %.1f thumbnails/s%n", rssSetup.id(), workers, perSecond);
            }
            long before = rssMb();
            long peak = before;
            for (int i = 0; i < rssImages; i++) {
                detector.detect(ImageDecoder.decode(thumbnail), 50);
                if (i % 1000 == 999) {
                    long now = rssMb();
                    peak = Math.max(peak, now);
                    System.out.printf("rss after %d images: %d MB%n", i + 1, now);
                }
            }
            System.out.printf(
                    "rss (%s): start %d MB, peak %d MB over %d images%n", rssSetup.id(), before, peak, rssImages);
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double median(int n, Work work, int ignored) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[n / 2];
    }

    private static double parallel(Work oneImage, int workers, int images) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            long t = System.nanoTime();
            Future<?>[] futures = new Future<?>[images];
            for (int i = 0; i < images; i++) {
                futures[i] = pool.submit(oneImage::run);
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return images / ((System.nanoTime() - t) / 1e9);
        }
    }

    private static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
