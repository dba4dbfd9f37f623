package dev.imagemoderation.core.workflow;

import dev.imagemoderation.core.moderation.Detection;
import dev.imagemoderation.core.moderation.Verdict;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.ScanItem;

/**
 * One image's passage through ScanFiles: the input of FetchImage ({@code request}, {@code file}, a
 * Slack file or a remote image),
 * grown by FetchImage ({@code image}) and DetectLabels ({@code detection}, {@code verdict}).
 * The request travels without its file list.
 */
public record FileScan(
        ModerationRequest request, ScanItem file, ImageFetch image, Detection detection, Verdict verdict) {

    public FileScan withImage(ImageFetch fetched) {
        return new FileScan(request, file, fetched, detection, verdict);
    }

    public FileScan withDetection(Detection d, Verdict v) {
        return new FileScan(request, file, image, d, v);
    }
}
