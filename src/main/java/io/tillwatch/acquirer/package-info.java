/**
 * Adapters to acquirers' and wallets' back offices, each implementing
 * {@link io.tillwatch.backoffice.BackOffice}: a generic HTTP/JSON query, WeChat Pay API v3 and
 * Alipay's {@code alipay.trade.query}, with their request signing and answer verification.
 * {@link io.tillwatch.acquirer.BackOfficeCatalog} reads the back-office file and makes them, with
 * the routes from merchant (and payment method) to back office.
 */
package io.tillwatch.acquirer;
