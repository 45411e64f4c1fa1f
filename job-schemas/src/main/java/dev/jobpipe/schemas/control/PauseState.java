package dev.jobpipe.schemas.control;

import java.time.Instant;

/**
 * The {@code paused} key: whether workers of the type start new jobs. A resume is written as
 * {@code paused=false} (not a tombstone) so the topic keeps who resumed it and when.
 */
public record PauseState(boolean paused, String by, Instant at, String reason) implements ControlEntry {

  public PauseState {
    by = Actors.require(by);
    at = Actors.millis(at, "at");
  }

  @Override
  public String key() {
    return ControlKey.PAUSED;
  }
}
