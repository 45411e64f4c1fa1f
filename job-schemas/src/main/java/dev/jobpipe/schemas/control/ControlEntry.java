package dev.jobpipe.schemas.control;

import java.time.Instant;

/**
 * One value of {@code jobs.T.control}: a desired-state change and who made it when. Every change
 * keeps its author ({@link #by()}), time ({@link #at()}) and an optional reason, so an operator can
 * tell why a type is paused or a job was cancelled.
 */
public sealed interface ControlEntry permits PauseState, RateLimit, Cancellation {

  /** The record key this entry is written under. */
  String key();

  /** Who made the change (a user name, a service account); never empty. */
  String by();

  /** When the change was made. */
  Instant at();

  /** Why, as given by the author; null when none was given. */
  String reason();
}
