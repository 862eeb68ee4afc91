/**
 * Per-merchant notification of money tasks by webhook: a task listener that enqueues without
 * blocking, a dispatcher on Vert.x that formats (generic signed JSON, WeCom and DingTalk group
 * robots), rate-limits per merchant and retries with backoff, and the scan that notifies each task
 * once when it becomes overdue. Configured by the file of {@code notify.file} (docs/notify.md).
 */
package io.tillwatch.notify;
