package dev.jobpipe.console.web.internal;

import dev.jobpipe.console.JobControl;
import dev.jobpipe.console.JobControlException;
import dev.jobpipe.ledger.internal.HttpProblem;
import dev.jobpipe.schemas.control.ControlState;
import dev.jobpipe.schemas.control.PauseState;
import dev.jobpipe.schemas.control.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The console's {@link ControlPlane} on the real one: writes through {@link JobControl} (the user
 * recorded as {@code by}), states from a {@link ControlStatesFollower}. A missing control topic is a 409
 * naming the command that creates it; an unreachable cluster a 503.
 */
public final class JobControlPlane implements ControlPlane {

  private final JobControl control;
  private final ControlStatesFollower follower;
  private final Duration cancelExpiry;

  public JobControlPlane(JobControl control, ControlStatesFollower follower, Duration cancelExpiry) {
    this.control = control;
    this.follower = follower;
    this.cancelExpiry = cancelExpiry;
  }

  @Override
  public Map<String, State> states() {
    Map<String, State> out = new HashMap<>();
    follower.states().forEach((type, s) -> out.put(type, state(s)));
    return out;
  }

  static State state(ControlState s) {
    PauseState pause = s.pauseState().orElse(null);
    RateLimit rate = s.rateState().orElse(null);
    Instant pausedAt = pause == null ? null : pause.at();
    Instant ratedAt = rate == null ? null : rate.at();
    boolean rateIsNewer = ratedAt != null && (pausedAt == null || ratedAt.isAfter(pausedAt));
    return new State(s.paused(), s.rateLimit().isPresent() ? s.rateLimit().getAsDouble() : null,
        rateIsNewer ? rate.by() : pause == null ? null : pause.by(), rateIsNewer ? ratedAt : pausedAt);
  }

  @Override
  public String availability() {
    return null;
  }

  @Override
  public void pause(String type, String who, String reason) {
    call(() -> control.pause(type, who, reason));
  }

  @Override
  public void resume(String type, String who) {
    call(() -> control.resume(type, who, null));
  }

  @Override
  public void rate(String type, Double perSecond, String who) {
    call(() -> perSecond == null ? control.removeRate(type, who, null) : control.rate(type, perSecond, who, null));
  }

  @Override
  public void cancel(String type, String jobId, String who) {
    call(() -> control.cancel(type, jobId, who, null, cancelExpiry));
  }

  private static void call(Supplier<?> write) {
    try {
      write.get();
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(400, e.getMessage());
    } catch (JobControlException e) {
      String message = e.getMessage();
      throw new HttpProblem(message.contains("does not exist") ? 409 : message.startsWith("not authorized") ? 403 : 503,
          message);
    }
  }
}
