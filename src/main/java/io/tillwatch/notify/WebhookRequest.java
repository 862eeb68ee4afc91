package io.tillwatch.notify;

import java.util.Map;

/** One HTTP POST to a target, ready to send. */
public record WebhookRequest(String url, Map<String, String> headers, String body) {}
