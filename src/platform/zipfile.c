/* zipfile.c — zip archives through libzip (zipfile.h). */
#include <stdio.h>
#include <zip.h>

#include "buf.h"
#include "util.h"
#include "zipfile.h"

int zipfile_write(const char *path, const char *dir, const char *const *names, size_t n,
                  char *err, size_t errlen)
{
	int code = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	if (!za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, code);
		put_err(err, errlen, "%s: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct buf file;
		buf_init(&file, 4096);
		buf_printf(&file, "%s/%s", dir, names[i]);
		zip_source_t *src = file.overflow ? NULL : zip_source_file(za, buf_str(&file), 0, -1);
		if (!src || zip_file_add(za, names[i], src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
			put_err(err, errlen, "%s: adding %s: %s", path, names[i], zip_strerror(za));
			if (src)
				zip_source_free(src);
			buf_release(&file);
			zip_discard(za);
			return -1;
		}
		buf_release(&file);
	}
	/* The files are read and the archive written now. */
	if (zip_close(za) < 0) {
		put_err(err, errlen, "%s: %s", path, zip_strerror(za));
		zip_discard(za);
		return -1;
	}
	return 0;
}
