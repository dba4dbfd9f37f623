package dev.imagemoderation.core.memory;

/**
 * The DynamoDB table's key and TTL attribute names, which the adapter writes and infra declares: spelled here
 * once, since infra does not depend on the adapter's module.
 */
public final class DecisionTableSchema {

    /** The workspace: a workspace's reads never leave its partition. */
    public static final String PARTITION_KEY = "pk";

    /** {@code decision#<sha256>} or {@code labels#<sha256>#<detector>#<policy>}. */
    public static final String SORT_KEY = "sk";

    /** Epoch seconds after which a cache entry is expired and DynamoDB may delete it. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private DecisionTableSchema() {}
}
