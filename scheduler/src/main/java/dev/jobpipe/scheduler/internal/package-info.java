/** The scheduler's Kafka Streams topology, processors, stores and meters; not an API. */
package dev.jobpipe.scheduler.internal;
