/* fuzz_codeowners.c: CODEOWNERS parsing and matching, and the reading of git log's output for
 * freshness.fallback: git. */
#include <stdlib.h>
#include <string.h>

#include "codeowners.h"
#include "fuzz.h"
#include "gitdates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	static const char *const paths[] = {"README.md", "docs/a.md", "docs/sub/b c.md",
					    "kb/apps/x.yml", "#notes.md", "a/b/c/d/e/f/g.md"};
	kb_codeowners *c = kb_codeowners_parse(s, size, "CODEOWNERS", "/repo");
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		free(kb_codeowners_owners(c, paths[i]));
	/* each line of the input as a path too */
	char *copy = malloc(size + 1);
	memcpy(copy, s, size);
	copy[size] = '\0';
	for (char *line = copy, *nl; line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		free(kb_codeowners_owners(c, line));
	}
	free(copy);
	kb_codeowners_free(c);
	kb_gitdates g = {0};
	g.root = strdup("/repo");
	kb_gitdates_parse(&g, s, size);
	kb_date d;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (kb_gitdates_lookup_rel(&g, paths[i], &d) == KB_GITDATE_OK &&
		    (d < kb_date_from_ymd(1, 1, 1) || d > kb_date_from_ymd(9999, 12, 31)))
			abort();
	kb_gitdates_free(&g);
	return 0;
}
