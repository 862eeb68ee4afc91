/**
 * Kafka adapters of the cluster roles: the gateway's producer, the detector's Kafka Streams
 * topology, records written by MQTT brokers' Kafka bridges.
 */
package io.tillwatch.kafka;
