/**
 * The topics of the wire contract as values: a {@link dev.jobpipe.schemas.topics.TopicSpec} is one
 * topic's name, role, size and settings, computed in one place for every component that creates
 * topics ({@code jobpipe topics apply}, the retry router, the DLQ inspector, the scheduler).
 */
package dev.jobpipe.schemas.topics;
