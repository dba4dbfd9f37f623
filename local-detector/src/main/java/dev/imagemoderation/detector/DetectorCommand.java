package dev.imagemoderation.detector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.detector.internal.Classifier;
import dev.imagemoderation.detector.internal.ImageDecoder;
import dev.imagemoderation.detector.internal.RekognitionMapping;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * <pre>
 * classify [--model ID] IMAGE...          raw class probabilities and Rekognition-shaped labels, as JSON
 * pdq [--dihedral] IMAGE...               Meta's PDQ hash: "hash quality file" per image (see core.hash)
 * serve [--model ID] [--port P] [--host H] [--workers N] [--s3-endpoint URL]
 *                                         DetectModerationLabels over HTTP until interrupted
 * </pre>
 * Models: mobilenet_v2 (default), mobilenet_v2_mid, inception_v3, and ensemble (all three: a label
 * is reported at the second-highest of their confidences, what one model alone gives above that
 * as a human-loop hint).
 */
public final class DetectorCommand {

    private DetectorCommand() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals("pdq")) {
            return PdqCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length == 0 || !(args[0].equals("classify") || args[0].equals("serve"))) {
            err.println(
                    "usage: classify [--model ID] IMAGE... | pdq [--dihedral] IMAGE... | serve [--model ID] [--port P] [--host H] [--workers N] "
                            + "[--s3-endpoint URL [--buckets B1,B2]]");
            return 2;
        }
        DetectorSetup model = DetectorSetup.of(Model.MOBILENET_V2);
        int port = 9325;
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        String host = "127.0.0.1";
        String s3Endpoint = null;
        Set<String> buckets = null;
        List<Path> images = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> {
                    String id = args[++i];
                    model = DetectorSetup.byId(id).orElse(null);
                    if (model == null) {
                        err.println("unknown model " + id + "; models: " + DetectorSetup.ids());
                        return 2;
                    }
                }
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--s3-endpoint" -> s3Endpoint = args[++i];
                case "--buckets" -> buckets = Set.of(args[++i].split(","));
                default -> images.add(Path.of(args[i]));
            }
        }
        if (args[0].equals("serve") && s3Endpoint != null && buckets == null && !HostAllowlist.isLoopback(host)) {
            // Reachable from elsewhere, it would read any bucket a caller names with this machine's credentials.
            err.println("serve --host " + host + " with --s3-endpoint needs --buckets, the only buckets it may read");
            return 2;
        }
        try (LocalDetector detector = new LocalDetector(model, workers)) {
            if (args[0].equals("classify")) {
                return classify(detector, images, out, err);
            }
            S3Client s3 = s3Endpoint == null
                    ? null
                    : S3Client.builder()
                            .endpointOverride(URI.create(s3Endpoint))
                            .forcePathStyle(true)
                            .region(Region.US_EAST_1)
                            .httpClient(UrlConnectionHttpClient.create())
                            .credentialsProvider(
                                    System.getenv("AWS_ACCESS_KEY_ID") == null
                                            ? AnonymousCredentialsProvider.create()
                                            : DefaultCredentialsProvider.builder()
                                                    .build())
                            .build();
            try (RekognitionEndpoint endpoint = new RekognitionEndpoint(detector, s3, buckets, host, port)) {
                out.println("DetectModerationLabels (" + model.version() + ") at " + endpoint.endpoint());
                new CountDownLatch(1).await();
            }
            return 0;
        }
    }

    private static int classify(LocalDetector detector, List<Path> images, PrintStream out, PrintStream err)
            throws Exception {
        if (images.isEmpty()) {
            err.println("classify needs at least one image");
            return 2;
        }
        ArrayNode results = Json.mapper().createArrayNode();
        int failures = 0;
        for (Path image : images) {
            ObjectNode r = results.addObject().put("image", image.toString());
            try {
                var rgb = ImageDecoder.decode(Files.readAllBytes(image));
                List<float[]> perModel = detector.probabilitiesPerModel(rgb);
                ObjectNode probabilities = r.putObject("probabilities");
                for (int m = 0; m < perModel.size(); m++) {
                    ObjectNode classes = detector.setup().isEnsemble()
                            ? probabilities.putObject(
                                    detector.setup().models().get(m).id())
                            : probabilities;
                    float[] p = perModel.get(m);
                    for (int c = 0; c < p.length; c++) {
                        classes.put(Classifier.CLASSES[c], p[c]);
                    }
                }
                r.set(
                        "rekognition",
                        Json.mapper()
                                .valueToTree(detector.answer(perModel, RekognitionMapping.DEFAULT_MIN_CONFIDENCE)));
            } catch (ImageDecoder.UndecodableException e) {
                r.put("error", e.getMessage());
                failures++;
            }
        }
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
        return failures == 0 ? 0 : 1;
    }
}
