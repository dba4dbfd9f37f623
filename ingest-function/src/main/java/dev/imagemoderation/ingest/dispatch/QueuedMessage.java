package dev.imagemoderation.ingest.dispatch;

/** One SQS message as the dispatcher sees it, independent of the Lambda event classes. */
public record QueuedMessage(String messageId, String body) {}
