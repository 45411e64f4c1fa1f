/**
 * Publishing jobs: {@link dev.jobpipe.producer.JobPublisher} is what a service calls to enqueue
 * work for a job type {@code T} on topic {@code jobs.T}; {@link dev.jobpipe.producer.JobRequest}
 * carries the options, {@link dev.jobpipe.producer.JobReceipt} the acknowledgement, and the
 * {@link dev.jobpipe.producer.JobPublishException} family every way a publish can fail, so callers
 * tell a bad job (do not retry) from an outage (retry later). Configuration is
 * {@link dev.jobpipe.producer.JobPublisherConfig}; {@link dev.jobpipe.producer.JsonPayloads} turns
 * JSON into payloads for tools and gateways.
 */
package dev.jobpipe.producer;
