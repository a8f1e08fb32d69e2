/* test_publish.c — the package /data serves (publish.h) on the shared
 * fixture (both backends): built once per data version into a folder of
 * its own with its zip (zipfile.h, read back with libzip), the link
 * `current` switched in whole, older builds removed, nothing rebuilt while
 * the data stands still, and only regular published files opened. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "unit.h"

#include "db.h"
#include "fixture.h"
#include "publish.h"
#include "util.h"

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void test_publish(void **state)
{
	struct fixture *f = *state;
	char dir[64], err[1024] = "", p[256];
	snprintf(dir, sizeof dir, "/tmp/pacte-test-publish-XXXXXX");
	assert_non_null(mkdtemp(dir));
	struct publish_options opt = {.dir = dir};

	json_t *none = publish_read(dir);
	assert_true(json_is_null(none));
	json_decref(none);
	long long size = 0;
	assert_int_equal(publish_open(dir, PUBLISH_ZIP, &size), -1);

	int64_t v1 = 0;
	assert_int_equal(publish_now(f->db, &opt, &v1, err, sizeof err), 1);
	assert_int_equal(v1, db_data_version(f->db));
	/* Nothing moved: nothing built. */
	int64_t again = 0;
	assert_int_equal(publish_now(f->db, &opt, &again, err, sizeof err), 0);
	assert_int_equal(again, v1);

	json_t *pkg = publish_read(dir);
	assert_true(json_is_object(pkg));
	assert_int_equal(json_integer_value(json_object_get(pkg, "data_version")), v1);
	assert_true(json_integer_value(json_object_get(pkg, "zip_bytes")) > 0);
	assert_non_null(publish_resource(pkg, "commitment"));
	assert_non_null(publish_resource(pkg, "commitment-jsonl"));
	assert_null(publish_resource(pkg, "account"));
	size_t nres = json_array_size(json_object_get(pkg, "resources"));
	json_decref(pkg);

	/* The zip holds the package: its description and every resource. */
	snprintf(p, sizeof p, "%s/current/" PUBLISH_ZIP, dir);
	int code = 0;
	zip_t *za = zip_open(p, ZIP_RDONLY, &code);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), (zip_int64_t)nres + 1);
	assert_true(zip_name_locate(za, "datapackage.json", 0) >= 0);
	assert_true(zip_name_locate(za, "commitment.csv", 0) >= 0);
	zip_stat_t zs;
	assert_int_equal(zip_stat(za, "progress_update.jsonl", 0, &zs), 0);
	zip_close(za);

	int fd = publish_open(dir, "commitment.csv", &size);
	assert_true(fd >= 0 && size > 0);
	close(fd);
	assert_int_equal(publish_open(dir, "..", &size), -1);          /* a folder */
	assert_int_equal(publish_open(dir, "nothing.csv", &size), -1);

	/* A write: a new build, the old one removed. */
	create_with(f->db, f->mar, NULL);
	int64_t v2 = 0;
	assert_int_equal(publish_now(f->db, &opt, &v2, err, sizeof err), 1);
	assert_true(v2 > v1);
	snprintf(p, sizeof p, "%s/v%lld", dir, (long long)v1);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof p, "%s/v%lld/" PUBLISH_ZIP, dir, (long long)v2);
	assert_int_equal(access(p, F_OK), 0);
	char target[64] = "";
	snprintf(p, sizeof p, "%s/current", dir);
	assert_true(readlink(p, target, sizeof target - 1) > 0);
	char want[64];
	snprintf(want, sizeof want, "v%lld", (long long)v2);
	assert_string_equal(target, want);

	/* A folder it cannot write: an error, what was published stays. */
	opt.dir = "/proc/pacte-cannot-write-here";
	assert_int_equal(publish_now(f->db, &opt, NULL, err, sizeof err), -1);
	assert_true(strlen(err) > 0);

	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* The thread: started, it publishes without being asked; stopped, it
 * ends. */
static void test_publisher_thread(void **state)
{
	struct fixture *f = *state;
	char dir[64], err[256] = "";
	snprintf(dir, sizeof dir, "/tmp/pacte-test-publisher-XXXXXX");
	assert_non_null(mkdtemp(dir));
	struct db_pool *pool = db_pool_open(f->s.url, err, sizeof err);
	assert_non_null(pool);
	struct publish_options opt = {.dir = dir, .interval = 1};
	struct publisher *p = publisher_start(pool, &opt, err, sizeof err);
	assert_non_null(p);
	json_t *pkg = NULL;
	for (int i = 0; i < 600 && !json_is_object(pkg); i++) {   /* up to a minute */
		json_decref(pkg);
		usleep(100000);
		pkg = publish_read(dir);
	}
	assert_true(json_is_object(pkg));
	json_decref(pkg);
	publisher_stop(p);
	publisher_stop(NULL);
	db_pool_free(pool);
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_publish, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_publisher_thread, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
