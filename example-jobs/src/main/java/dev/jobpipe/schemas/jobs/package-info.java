/**
 * Payload records of the example job types, generated from {@code example-jobs/src/main/avro/*.avsc}
 * by the Avro Maven plugin: what the demo, the examples and jobpipe's own tests publish. They are not
 * part of the library: a service defines its own payload schemas. The package keeps the schemas'
 * Avro namespace, which is part of each schema's full name in the registry. Earlier versions are
 * kept under {@code src/main/avro-history} so the build checks each change against them.
 */
package dev.jobpipe.schemas.jobs;
