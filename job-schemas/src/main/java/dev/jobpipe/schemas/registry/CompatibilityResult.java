package dev.jobpipe.schemas.registry;

import java.util.List;

/** Outcome of a registry compatibility check; {@code messages} explain an incompatibility. */
public record CompatibilityResult(boolean compatible, List<String> messages) {}
