package dev.imagemoderation.detector;

import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.detector.internal.Classifier;
import dev.imagemoderation.detector.internal.Models;
import dev.imagemoderation.detector.internal.Preprocessor;
import dev.imagemoderation.detector.internal.RekognitionMapping;
import java.awt.image.BufferedImage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The detector: decode, preprocess, classify, answer like Rekognition. One ONNX session is
 * shared by a bounded pool of workers (each inference uses one intra-op thread); a caller
 * that finds every worker busy for too long is told to slow down, as Rekognition's
 * ThrottlingException does.
 */
public final class LocalDetector implements AutoCloseable {

    /** Every worker stayed busy: try again later. */
    public static final class BusyException extends Exception {

        private static final long serialVersionUID = 1L;

        public BusyException(String message) {
            super(message);
        }
    }

    private final Model model;
    private final Classifier classifier;
    private final Semaphore workers;

    public LocalDetector(Model model, int workers) {
        this.model = model;
        this.classifier = new Classifier(Models.load(model), model.size());
        this.workers = new Semaphore(workers);
    }

    public Model model() {
        return model;
    }

    public float[] probabilities(BufferedImage rgb) throws BusyException {
        float[] tensor = Preprocessor.toTensor(rgb, model.size());
        try {
            if (!workers.tryAcquire(2, TimeUnit.SECONDS)) {
                throw new BusyException("all detector workers are busy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("interrupted while waiting for a worker");
        }
        try {
            return classifier.classify(tensor);
        } finally {
            workers.release();
        }
    }

    public Detection detect(BufferedImage rgb, float minConfidence) throws BusyException {
        return RekognitionMapping.toDetection(probabilities(rgb), minConfidence, model.version());
    }

    @Override
    public void close() {
        classifier.close();
    }
}
