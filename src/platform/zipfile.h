/* zipfile.h — a zip archive of files already on disk, through libzip
 * (Debian's libzip-dev): Pacte writes no zip format of its own.
 *
 * libzip reads each file when the archive is closed, a buffer at a time,
 * so memory stays flat whatever the files' size; it writes the archive
 * under a temporary name beside it and renames it into place, so a reader
 * sees the old archive or the new one, never half of one; it switches to
 * Zip64 by itself past 4 GiB. */
#ifndef PACTE_ZIPFILE_H
#define PACTE_ZIPFILE_H

#include <stddef.h>

/* Writes the archive `path` holding dir/names[i] for i < n, each stored
 * under its name (deflated). Returns 0, or -1 with err saying what failed
 * (no archive is left at path then, nor a temporary one). */
int zipfile_write(const char *path, const char *dir, const char *const *names, size_t n,
                  char *err, size_t errlen);

#endif
