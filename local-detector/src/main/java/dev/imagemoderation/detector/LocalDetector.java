package dev.imagemoderation.detector;

import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.detector.internal.Classifier;
import dev.imagemoderation.detector.internal.EnsembleRule;
import dev.imagemoderation.detector.internal.Models;
import dev.imagemoderation.detector.internal.Preprocessor;
import dev.imagemoderation.detector.internal.RekognitionMapping;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The detector: decode, preprocess, classify, answer like Rekognition. One ONNX session per
 * model is shared by a bounded pool of workers (each inference uses one intra-op thread); a
 * caller that finds every worker busy for too long is told to slow down, as Rekognition's
 * ThrottlingException does. The ensemble runs its three models on each image, concurrently
 * or one after the other, and answers by {@link EnsembleRule}.
 */
public final class LocalDetector implements AutoCloseable {

    /** Every worker stayed busy: try again later. */
    public static final class BusyException extends Exception {

        private static final long serialVersionUID = 1L;

        public BusyException(String message) {
            super(message);
        }
    }

    private final DetectorSetup setup;
    private final List<Classifier> classifiers = new ArrayList<>();
    private final Semaphore workers;
    private final ExecutorService parts;

    public LocalDetector(Model model, int workers) {
        this(DetectorSetup.of(model), workers, false);
    }

    public LocalDetector(DetectorSetup setup, int workers) {
        this(setup, workers, true);
    }

    /** @param concurrent for the ensemble: its models run at once on each image, or one after the other */
    public LocalDetector(DetectorSetup setup, int workers, boolean concurrent) {
        this.setup = setup;
        try {
            for (Model m : setup.models()) {
                classifiers.add(new Classifier(Models.load(m), m.size()));
            }
        } catch (RuntimeException e) {
            classifiers.forEach(Classifier::close);
            throw e;
        }
        this.workers = new Semaphore(workers);
        this.parts = concurrent && setup.isEnsemble()
                ? Executors.newFixedThreadPool(
                        workers * (setup.models().size() - 1),
                        Thread.ofPlatform().daemon().name("ensemble-part-", 0).factory())
                : null;
    }

    public DetectorSetup setup() {
        return setup;
    }

    /** The one model's five class probabilities; for the ensemble, use {@link #probabilitiesPerModel}. */
    public float[] probabilities(BufferedImage rgb) throws BusyException {
        if (setup.isEnsemble()) {
            throw new IllegalStateException("the ensemble has one set of probabilities per model");
        }
        return probabilitiesPerModel(rgb).getFirst();
    }

    /** Each model's five class probabilities, in {@link DetectorSetup#models()} order. */
    public List<float[]> probabilitiesPerModel(BufferedImage rgb) throws BusyException {
        // Resized before a worker is taken, once per input size: MobileNetV2 and its Mid share 224 px.
        Map<Integer, float[]> tensors = new HashMap<>();
        for (Classifier c : classifiers) {
            tensors.computeIfAbsent(c.size(), size -> Preprocessor.toTensor(rgb, size));
        }
        try {
            if (!workers.tryAcquire(2, TimeUnit.SECONDS)) {
                throw new BusyException("all detector workers are busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("interrupted while waiting for a worker");
        }
        try {
            return classifyAll(tensors);
        } finally {
            workers.release();
        }
    }

    private List<float[]> classifyAll(Map<Integer, float[]> tensors) {
        if (parts == null) {
            List<float[]> out = new ArrayList<>();
            for (Classifier c : classifiers) {
                out.add(c.classify(tensors.get(c.size())));
            }
            return out;
        }
        List<Future<float[]>> others = new ArrayList<>();
        for (Classifier c : classifiers.subList(1, classifiers.size())) {
            others.add(parts.submit(() -> c.classify(tensors.get(c.size()))));
        }
        Classifier first = classifiers.getFirst();
        List<float[]> out = new ArrayList<>();
        out.add(first.classify(tensors.get(first.size())));
        for (Future<float[]> f : others) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the ensemble classified", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        return out;
    }

    public Detection detect(BufferedImage rgb, float minConfidence) throws BusyException {
        return answer(probabilitiesPerModel(rgb), minConfidence);
    }

    /** Rekognition's answer from probabilities already computed ({@link #probabilitiesPerModel}). */
    public Detection answer(List<float[]> p, float minConfidence) {
        if (!setup.isEnsemble()) {
            return RekognitionMapping.toDetection(p.getFirst(), minConfidence, setup.version());
        }
        List<Detection> perModel = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            perModel.add(RekognitionMapping.toDetection(
                    p.get(i), 0f, setup.models().get(i).version()));
        }
        return EnsembleRule.combine(perModel, minConfidence, setup.version());
    }

    @Override
    public void close() {
        if (parts != null) {
            parts.shutdownNow();
        }
        classifiers.forEach(Classifier::close);
    }
}
