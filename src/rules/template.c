/* template.c: "$1", "${name}" and "${name:+word}" in rule messages. */
#include <string.h>

#include "rule.h"

/* End of the "${...}" that starts at s ('$' '{'), honouring nested braces; NULL when open. */
static const char *close_brace(const char *s)
{
	int depth = 0;
	for (const char *p = s + 1; *p; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			return p;
	}
	return NULL;
}

static void expand(const char *t, size_t n, kb_lookup_fn lookup, void *ud, kb_buf *out, int depth)
{
	const char *end = t + n;
	while (t < end) {
		if (*t != '$' || t + 1 >= end) {
			kb_buf_putc(out, *t++);
			continue;
		}
		if (t[1] == '$') {
			kb_buf_putc(out, '$');
			t += 2;
			continue;
		}
		if (t[1] >= '0' && t[1] <= '9') {
			size_t len = 0;
			const char *v = lookup(ud, t + 1, 1, &len);
			if (v)
				kb_buf_put(out, v, len);
			t += 2;
			continue;
		}
		const char *cb = t[1] == '{' ? close_brace(t) : NULL;
		if (!cb || cb > end) {
			kb_buf_putc(out, *t++);
			continue;
		}
		const char *name = t + 2, *colon = memchr(name, ':', (size_t)(cb - name));
		if (colon && colon + 1 < cb && colon[1] == '+') {
			size_t len = 0;
			const char *v = lookup(ud, name, (size_t)(colon - name), &len);
			if (v && len && depth < 4)
				expand(colon + 2, (size_t)(cb - colon - 2), lookup, ud, out, depth + 1);
		} else {
			size_t len = 0;
			const char *v = lookup(ud, name, (size_t)(cb - name), &len);
			if (v)
				kb_buf_put(out, v, len);
		}
		t = cb + 1;
	}
}

void kb_template_expand(const char *tmpl, kb_lookup_fn lookup, void *ud, kb_buf *out)
{
	expand(tmpl, strlen(tmpl), lookup, ud, out, 0);
}
