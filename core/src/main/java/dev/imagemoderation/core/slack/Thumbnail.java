package dev.imagemoderation.core.slack;

/** One of the image renditions Slack makes of a file ({@code thumb_360}, {@code thumb_360_w}, ...). */
public record Thumbnail(String url, Integer w, Integer h) {}
