/* fuzz_frontmatter.c: front-matter splitting and YAML (---) or TOML (+++) front matter loading. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "frontmatter.h"
#include "fuzz.h"
#include "yamltree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kb_frontmatter fm;
	if (kb_frontmatter_split((const char *)data, size, &fm) != 0 || !fm.present)
		return 0;
	if (fm.fm_off + fm.fm_len > size || fm.body_off > size)
		abort();
	kb_arena arena = {0};
	kb_ynode *root;
	kb_yerror err;
	if (fm.fence == '+')
		kb_toml_front_matter((const char *)data + fm.fm_off, fm.fm_len, fm.fm_line - 1, &arena,
				     &root);
	else
		kb_yaml_parse((const char *)data + fm.fm_off, fm.fm_len, fm.fm_line - 1, &arena, &root,
			      &err);
	kb_arena_free(&arena);
	return 0;
}
