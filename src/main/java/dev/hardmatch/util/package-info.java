/** Small shared helpers with one home each: the JSON mapper, SHA-256. */
package dev.hardmatch.util;
