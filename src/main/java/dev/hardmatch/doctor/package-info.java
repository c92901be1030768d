/**
 * {@code hardmatch doctor}: the {@link dev.hardmatch.doctor.Doctor} use case, which checks one line
 * at a time that plan and apply will work against the systems a links file names, and says how to
 * fix what will not (docs/doctor.md).
 */
package dev.hardmatch.doctor;
