/**
 * Task changes sent out of the process: the {@code ops/v1/tasks/{merchant}} topic that operator
 * consoles subscribe to. A {@link io.tillwatch.tasks.TaskListener} on one side, a
 * {@link io.tillwatch.publish.TopicPublisher} port on the other, which the ingest (embedded
 * endpoint or external broker) satisfies at wiring time. Imports {@code tasks},
 * {@code telemetry} and Vert.x's buffers only.
 */
package io.tillwatch.publish;
