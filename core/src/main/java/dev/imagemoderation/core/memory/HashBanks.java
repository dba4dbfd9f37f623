package dev.imagemoderation.core.memory;

import java.util.List;

/** Where the hash banks come from: S3 objects on AWS, a directory in local mode. */
@FunctionalInterface
public interface HashBanks {

    HashBanks NONE = List::of;

    /** The banks as they are now; a source may cache them. */
    List<HashBank> banks();
}
