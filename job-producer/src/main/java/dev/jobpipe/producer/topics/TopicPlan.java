package dev.jobpipe.producer.topics;

import java.util.ArrayList;
import java.util.List;

/**
 * The difference between the desired topics and the cluster: the changes that would make them
 * equal, the requests refused (a plan with refusals is never applied), and notes an operator should
 * read (a replication factor that differs, a retry topic no longer in the tier list).
 */
public record TopicPlan(List<TopicChange> changes, List<String> refusals, List<String> notes) {

  public TopicPlan {
    changes = List.copyOf(changes);
    refusals = List.copyOf(refusals);
    notes = List.copyOf(notes);
  }

  /** True when the cluster already matches: applying would do nothing. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Whether a request cannot be honoured; see {@link #refusals()}. */
  public boolean refused() {
    return !refusals.isEmpty();
  }

  /** What the plan does, one line per change, then the notes; {@code no changes} when empty. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (TopicChange change : changes) {
      lines.add(change.describe());
    }
    if (changes.isEmpty()) {
      lines.add("no changes");
    }
    for (String note : notes) {
      lines.add("note: " + note);
    }
    return lines;
  }
}
