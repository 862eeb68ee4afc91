package io.tillwatch.http.auth;

/**
 * A console sign-in as {@link Sessions} hands it out: a snapshot, taken when the session was last used.
 *
 * @param id          the cookie's value: 256 random bits, base64url
 * @param principal   who signed in, with the role the sign-in gave
 * @param csrf        the token state-changing requests must echo in {@code X-CSRF-Token}
 * @param credential  what the sign-in was checked against, so the session ends with it (token mode: the hex
 *                    SHA-256 of the API token); null when nothing outlives the sign-in (proxy, off)
 * @param expiresAtMs when it ends unless used again before
 */
public record Session(String id, Principal principal, String csrf, String credential, long expiresAtMs) {}
