/**
 * One exception class per failure the moderation workflow routes on. Java Lambdas
 * report a thrown exception's fully-qualified class name as {@code errorType}, so these
 * names are what {@code statemachine/moderation.asl.json} lists in {@code ErrorEquals};
 * {@link dev.imagemoderation.core.errors.WorkflowErrors} holds them and a test checks the
 * ASL against it. Messages name the reason, never a token or a secret.
 */
package dev.imagemoderation.core.errors;
