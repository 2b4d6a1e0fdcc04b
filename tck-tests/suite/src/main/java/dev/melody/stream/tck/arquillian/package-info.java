/**
 * Arquillian glue shared by the server modules of the suite; Arquillian's threads.
 */
package dev.melody.stream.tck.arquillian;
