/**
 * The control plane client ({@code jobs.T.control}: pause, resume, rate, cancel) and the web console
 * that shows and acts on every queue, retry tier, dead letter, job and schedule.
 */
package dev.jobpipe.console;
