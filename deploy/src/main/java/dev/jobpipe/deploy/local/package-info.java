/**
 * The local embedded stack: a real single-node Kafka broker in KRaft mode ({@link
 * dev.jobpipe.deploy.local.KafkaBroker}) and an Apicurio Schema Registry ({@link
 * dev.jobpipe.deploy.local.ApicurioRegistry}), each run as a child JVM from the jars the build lays
 * out under {@code deploy/target/stack} ({@link dev.jobpipe.deploy.local.StackLayout}). No Docker.
 *
 * <p>A child is either tied to the JVM that started it ({@link
 * dev.jobpipe.deploy.local.Supervision#TIED}: it dies with that JVM, even when that JVM is killed,
 * which is what tests need) or detached ({@link dev.jobpipe.deploy.local.Supervision#DETACHED}: it
 * outlives the command that started it, which is what {@code jobpipe dev up} needs). {@link
 * dev.jobpipe.deploy.local.DevStack} is the project-local, long-lived stack behind {@code jobpipe
 * dev up | down | status}.
 *
 * <p>Started with a {@link dev.jobpipe.deploy.local.StackSecurity}, the broker takes SASL/SCRAM over
 * TLS and enforces ACLs and the registry demands bearer tokens ({@code jobpipe dev up --secure});
 * the certificates, passwords and per-user client configs are made once and kept owner-only.
 */
package dev.jobpipe.deploy.local;
