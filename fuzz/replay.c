/* replay.c: runs a fuzz target over the files named on the command line (folders are walked),
 * without libFuzzer, so the seed corpus and every crash found so far run in `meson test` with
 * any compiler. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util.h"

static int run(const char *path, int *n)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "%s: cannot read\n", path);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (!d)
			return 1;
		struct dirent *de;
		int ret = 0;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *child = kb_path_join(path, de->d_name);
			ret |= run(child, n);
			free(child);
		}
		closedir(d);
		return ret;
	}
	char *buf;
	size_t len;
	char err[256];
	if (kb_read_file(path, 64 << 20, &buf, &len, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	(*n)++;
	return 0;
}

int main(int argc, char **argv)
{
	int n = 0, ret = 0;
	for (int i = 1; i < argc; i++)
		ret |= run(argv[i], &n);
	printf("%d inputs ran\n", n);
	return ret || n == 0;
}
