package org.amana.gateway.strip;

/**
 * What kind of identifying metadata was removed. The manifest and the defender's receipt name
 * these categories, never the values: the point is to say "the location where the photo was taken
 * was removed", not to repeat the location. Each has a plain sentence in the site's bundles
 * ({@code strip.category.<name in lower case>}).
 */
public enum Category {
  /** GPS coordinates, place names, ISO 6709 strings. */
  LOCATION,
  /** Camera or device make, model, serial numbers, lens, firmware, owner name set in the device. */
  DEVICE,
  /** Names of authors, editors, commenters, artists, reviewers, organisations; user names. */
  PEOPLE,
  /** Creation, modification, capture and print dates and times. */
  TIMES,
  /** Software names and versions, editing history, document and instance identifiers. */
  SOFTWARE,
  /** Thumbnails and page previews, which can show the content before it was edited or redacted. */
  PREVIEWS,
  /** Comments, descriptions, titles, keywords, captions, custom properties. */
  COMMENTS,
  /** Tracked changes, deleted text, earlier revisions and undo history. */
  REVISIONS,
  /** File paths, folder and template locations, printer names and settings. */
  PATHS,
  /** Embedded files, cover pictures, scripts and actions. */
  EMBEDDED,
  /** Anything else hidden in the file: private or unknown blocks, bytes after the end of the file. */
  OTHER
}
