package dev.jobpipe.producer.topics;

import java.util.Map;

/** A topic as the cluster describes it: partitions, replication factor, every config value. */
record ExistingTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {}
