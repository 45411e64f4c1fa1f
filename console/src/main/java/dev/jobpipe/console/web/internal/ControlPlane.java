package dev.jobpipe.console.web.internal;

import java.time.Instant;
import java.util.Map;

/**
 * What the console needs of the control plane ({@code jobs.T.control}): every type's desired
 * state, and the four actions, each recorded with who asked. {@link #NONE} stands in where no
 * control plane is available; its pages say so and its actions answer 501.
 */
public interface ControlPlane {

  /**
   * One type's desired state.
   *
   * @param paused whether workers start no new job
   * @param ratePerSecond the type's limit in jobs per second, or null for none
   * @param changedBy who made the last change
   * @param changedAt when
   */
  record State(boolean paused, Double ratePerSecond, String changedBy, Instant changedAt) {}

  /** Desired state per type; types without any control record are absent. */
  Map<String, State> states();

  /** Null when available; otherwise why not, shown on the pages. */
  String availability();

  void pause(String type, String who, String reason);

  void resume(String type, String who);

  /** Limits {@code type} to {@code perSecond} jobs per second; null removes the limit. */
  void rate(String type, Double perSecond, String who);

  void cancel(String type, String jobId, String who);

  /** No control plane: empty states, actions refused. */
  ControlPlane NONE = new ControlPlane() {
    @Override
    public Map<String, State> states() {
      return Map.of();
    }

    @Override
    public String availability() {
      return "the control plane (jobs.T.control) is not available in this build";
    }

    @Override
    public void pause(String type, String who, String reason) {
      throw unavailable();
    }

    @Override
    public void resume(String type, String who) {
      throw unavailable();
    }

    @Override
    public void rate(String type, Double perSecond, String who) {
      throw unavailable();
    }

    @Override
    public void cancel(String type, String jobId, String who) {
      throw unavailable();
    }

    private RuntimeException unavailable() {
      return new dev.jobpipe.ledger.internal.HttpProblem(501, availability());
    }
  };
}
