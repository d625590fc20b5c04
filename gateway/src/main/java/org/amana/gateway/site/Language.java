package org.amana.gateway.site;

/**
 * One language of the site, as its bundle describes it.
 *
 * @param code the first path segment ({@code en}, {@code ar}) and the {@code lang} attribute
 * @param dir {@code ltr} or {@code rtl}
 * @param name the language's name in itself, for the links that switch to it
 */
record Language(String code, String dir, String name) {}
