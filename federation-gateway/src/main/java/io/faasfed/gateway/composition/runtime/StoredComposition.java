package io.faasfed.gateway.composition.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A composition as saved: its definition's text, kept as written (JSON or YAML), and who owns it.
 *
 * @param tenant    the tenant that owns it: its steps call functions as this tenant
 * @param name      its function name (the definition's {@code name})
 * @param source    the definition, as written
 * @param mediaType {@code application/json} or {@code application/yaml}
 * @param revision  1 when created, one more at each replacement
 * @param createdAt when it was first saved
 * @param updatedAt when it was last saved
 * @param updatedBy the key id that last saved it
 */
public record StoredComposition(String tenant, String name, String source, String mediaType, long revision,
                                Instant createdAt, Instant updatedAt, String updatedBy) {

    /** Requires the identifying fields and the source. */
    public StoredComposition {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
