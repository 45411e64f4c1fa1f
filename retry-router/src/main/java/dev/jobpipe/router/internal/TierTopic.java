package dev.jobpipe.router.internal;

import dev.jobpipe.schemas.JobTopics;
import java.util.Optional;
import java.util.regex.Matcher;

/** A retry tier topic {@code jobs.T.retry.<delay>} taken apart: its job type, tier label and main topic. */
record TierTopic(String topic, String type, String tier) {

  /** The tier topic {@code topic} names, if it is one of a valid job type. */
  static Optional<TierTopic> parse(String topic) {
    Matcher m = JobTopics.RETRY_TOPICS.matcher(topic);
    if (!m.matches() || !JobTopics.TYPE_PATTERN.matcher(m.group(1)).matches()) {
      return Optional.empty();
    }
    return Optional.of(new TierTopic(topic, m.group(1), m.group(2)));
  }

  /** Where a due record of this tier goes back to: {@code jobs.T}. */
  String mainTopic() {
    return JobTopics.of(type).main();
  }
}
