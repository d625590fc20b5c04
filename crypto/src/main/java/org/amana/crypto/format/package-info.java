/**
 * Amana's own records inside seals: the defender's {@link org.amana.crypto.format.Consent}, the
 * {@link org.amana.crypto.format.ConsentEvent}s that change it, and reviewers'
 * {@link org.amana.crypto.format.ConsentRequest}s. One definition, used by the gateway (which
 * writes them) and by the console (which enforces them). Each record has a canonical encoding
 * ({@code toJson}) and a strict, bounded parser ({@code parse}); docs/consent.md is the format.
 */
package org.amana.crypto.format;
