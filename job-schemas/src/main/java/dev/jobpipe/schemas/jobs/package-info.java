/**
 * Job payload records generated from {@code src/main/avro/*.avsc} by the Avro Maven plugin: the
 * example jobs the demo and tests use. Their earlier versions are kept under
 * {@code src/main/avro-history} so the build can check each change against them.
 */
package dev.jobpipe.schemas.jobs;
