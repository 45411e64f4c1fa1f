package dev.jobpipe.router.internal;

import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.schemas.JobTopics;
import dev.jobpipe.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every job type with a failed topic also has the DLQ topic and one topic per retry
 * tier of its policy, created with the failed topic's partition count and replication factor (unless
 * one is configured) and the settings {@link TopicSpec} gives them, the same as
 * {@code jobpipe topics apply} would. Without this, a policy naming a tier that
 * {@code jobpipe topics apply} did not create would stall the routing on a missing output topic.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final RetryPolicies policies;
  private final Optional<Short> replicationFactor;

  public TopicProvisioner(Admin admin, RetryPolicies policies, Optional<Short> replicationFactor) {
    this.admin = admin;
    this.policies = policies;
    this.replicationFactor = replicationFactor;
  }

  private int replicationOf(TopicDescription failed) {
    if (replicationFactor.isPresent()) {
      return replicationFactor.get();
    }
    return failed.partitions().isEmpty() ? 1 : failed.partitions().getFirst().replicas().size();
  }

  /** Creates what is missing; returns the names created. Throws when the cluster cannot be asked. */
  public List<String> provision() throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
    Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    List<String> failedTopics = new ArrayList<>();
    for (String name : existing) {
      JobTopics.typeOfFailed(name).filter(t -> JobTopics.TYPE_PATTERN.matcher(t).matches()).ifPresent(t -> failedTopics.add(name));
    }
    if (failedTopics.isEmpty()) {
      return List.of();
    }
    List<String> wanted = new ArrayList<>();
    Map<String, TopicDescription> described = null;
    List<NewTopic> create = new ArrayList<>();
    for (String failed : failedTopics) {
      JobTopics topics = JobTopics.of(JobTopics.typeOfFailed(failed).orElseThrow());
      Map<String, Optional<Duration>> needed = new LinkedHashMap<>();
      needed.put(topics.dlq(), Optional.empty());
      policies.forType(topics.type()).tiers().forEach(tier -> needed.put(topics.retry(tier), Optional.of(tier)));
      for (Map.Entry<String, Optional<Duration>> entry : needed.entrySet()) {
        if (!existing.contains(entry.getKey()) && !wanted.contains(entry.getKey())) {
          if (described == null) {
            described = admin.describeTopics(failedTopics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          }
          TopicDescription like = described.get(failed);
          int partitions = like.partitions().size();
          TopicSpec spec = entry.getValue()
              .map(tier -> TopicSpec.retry(topics.type(), tier, partitions, replicationOf(like)))
              .orElseGet(() -> TopicSpec.dlq(topics.type(), partitions, replicationOf(like)));
          create.add(new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor())
              .configs(spec.configs()));
          wanted.add(spec.name());
        }
      }
    }
    List<String> created = new ArrayList<>();
    if (!create.isEmpty()) {
      admin.createTopics(create).values().forEach((name, future) -> {
        try {
          future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(name);
          log.info("created topic {}", name);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            log.warn("cannot create topic {}: {}", name, e.getCause().toString());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
          log.warn("creating topic {} timed out", name);
        }
      });
    }
    return created;
  }
}
