package dev.jobpipe.router.internal;

import dev.jobpipe.router.RetryPolicies;
import dev.jobpipe.schemas.JobTopics;
import java.util.ArrayList;
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
 * tier of its policy, created with the failed topic's partition count. Without this, a policy
 * naming a tier that {@code jobpipe topics apply} did not create would stall the routing on a
 * missing output topic.
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
      List<String> needed = new ArrayList<>();
      needed.add(topics.dlq());
      policies.forType(topics.type()).tiers().forEach(tier -> needed.add(topics.retry(tier)));
      for (String name : needed) {
        if (!existing.contains(name) && !wanted.contains(name)) {
          if (described == null) {
            described = admin.describeTopics(failedTopics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          }
          int partitions = described.get(failed).partitions().size();
          create.add(new NewTopic(name, Optional.of(partitions), replicationFactor));
          wanted.add(name);
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
