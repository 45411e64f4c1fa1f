/**
 * A client of the Confluent Schema Registry REST API, the registry protocol every job publisher
 * and worker shares (served by Confluent, Apicurio under {@code /apis/ccompat/v7}, Karapace and
 * Redpanda). {@link dev.jobpipe.schemas.registry.SchemaRegistryClient} registers and looks up
 * schemas and caches what never changes (an id's schema, a schema's id under a subject), so a
 * process asks the registry about each once. Its failures are typed by what a caller should do:
 * {@link dev.jobpipe.schemas.registry.RegistryUnavailableException} is an outage (retriable: back
 * off), {@link dev.jobpipe.schemas.registry.SchemaRegistryException} is a refusal (4xx: retrying
 * cannot help). Settings live in {@link dev.jobpipe.schemas.registry.SchemaRegistryConfig}.
 */
package dev.jobpipe.schemas.registry;
