package io.tillwatch.telemetry;

/** The retained {@code status} topic: {@code online} after connect, {@code offline} as Last Will. */
public record StatusChange(String merchant, String terminal, boolean online) implements Telemetry {}
