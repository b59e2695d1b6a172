/* fuzz_toml.c: the TOML subset reader (src/util/toml.c) never fails, never reads past its input,
 * and every entry it gives is complete; TOML front matter (src/load/tomlfm.c) gives a tree. */
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "fuzz.h"
#include "toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: no NUL after it, so an overread is caught */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	kb_toml t = {0};
	kb_toml_parse(copy, size, &t);
	for (size_t i = 0; i < t.n; i++) {
		const kb_toml_entry *e = &t.v[i];
		if (!e->key || e->line < 1 || (e->type != KB_TOML_STRINGS && !e->str))
			abort();
		if (kb_toml_get(&t, e->key) == NULL)
			abort();
	}
	kb_toml_free(&t);
	/* the same text as TOML front matter: a node tree whose weights add up */
	kb_arena arena = {0};
	kb_ynode *root = NULL;
	kb_toml_front_matter(copy, size, 1, &arena, &root);
	if (root && (root->type == KB_Y_SCALAR || root->weight < 1 + root->n))
		abort();
	kb_arena_free(&arena);
	free(copy);
	return 0;
}
