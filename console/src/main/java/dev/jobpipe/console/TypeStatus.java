package dev.jobpipe.console;

import dev.jobpipe.schemas.control.ControlState;
import java.util.List;
import java.util.Map;

/**
 * What a job type is doing, read from Kafka alone (no worker is asked): its desired state, its
 * worker group, and how many jobs wait where. Handlers running right now are not visible in Kafka;
 * the workers report them as {@code jobpipe_inflight}.
 *
 * @param control the type's control topic, read to its end
 * @param partitions partitions of {@code jobs.T}
 * @param group the worker group read
 * @param groupState the group's state as the broker reports it ({@code STABLE}, {@code EMPTY}, {@code DEAD}...)
 * @param members the group's members
 * @param lag records of {@code jobs.T} past the group's committed offsets (all of them when nothing is committed)
 * @param inFlight records past the committed offsets that the commit metadata does not mark done,
 *     up to the highest marked done: jobs taken but unfinished as of the last commits; a lower bound
 * @param retrying per retry tier ({@code 5s}, {@code 30s}...): records the router's forwarders have not forwarded yet
 * @param deadLetters records in {@code jobs.T.dlq}
 */
public record TypeStatus(String type, ControlState control, int partitions, String group, String groupState,
    List<Member> members, long lag, long inFlight, Map<String, Long> retrying, long deadLetters) {

  /** One member of the worker group. */
  public record Member(String clientId, String host, int partitions) {}
}
