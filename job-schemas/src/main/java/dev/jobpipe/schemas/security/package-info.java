/**
 * Least-privilege Kafka ACLs of jobpipe's components: which topics, consumer groups and
 * transactional ids a publisher, a worker, the router and the DLQ inspector of one job type touch,
 * derived from {@link dev.jobpipe.schemas.JobTopics} so that the grants follow the topic names.
 */
package dev.jobpipe.schemas.security;
