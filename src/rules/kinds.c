/* kinds.c: the table of rule kinds, expanded from kinds.def. */
#include <string.h>

#include "rule.h"
#include "util.h"

#define KB_KIND(name) extern const kb_kind kb_kind_##name;
#include "kinds.def"
#undef KB_KIND

static const kb_kind *const kinds[] = {
#define KB_KIND(name) &kb_kind_##name,
#include "kinds.def"
#undef KB_KIND
};

const kb_kind *kb_kind_find(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

const char *kb_kind_names(void)
{
	static const char names[] =
#define KB_KIND(name) #name ", "
#include "kinds.def"
#undef KB_KIND
		;
	return names;
}
