/**
 * The build-time schema compatibility gate. The previous versions of each job schema are kept in
 * {@code src/main/avro-history/<Name>/v<N>.avsc}; {@link
 * dev.jobpipe.schemas.compat.SchemaCompatibilityGate} checks every current schema in
 * {@code src/main/avro} against them under its {@link dev.jobpipe.schemas.compat.CompatibilityMode}
 * (BACKWARD unless {@code compatibility.properties} in the history folder says otherwise) and fails
 * the build naming the schema, the mode and the field that broke it, before an incompatible change
 * can reach a registry or a topic full of jobs that the new code could no longer read.
 */
package dev.jobpipe.schemas.compat;
