/* glob.c: segment-aware glob matching with "**". */
#include "glob.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Matches one segment pattern p[0..pn) against s[0..sn) (no '/' in either). */
static bool match_segment(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;
	while (si < sn) {
		if (pi < pn && p[pi] == '*') {
			star_p = ++pi;
			star_s = si;
			continue;
		}
		if (pi < pn && p[pi] == '[') {
			size_t j = pi + 1;
			bool neg = j < pn && (p[j] == '!' || p[j] == '^');
			if (neg)
				j++;
			bool hit = false, closed = false;
			size_t first = j;
			for (; j < pn; j++) {
				if (p[j] == ']' && j > first) {
					closed = true;
					break;
				}
				if (j + 2 < pn && p[j + 1] == '-' && p[j + 2] != ']') {
					if ((unsigned char)s[si] >= (unsigned char)p[j] &&
					    (unsigned char)s[si] <= (unsigned char)p[j + 2])
						hit = true;
					j += 2;
				} else if (p[j] == s[si]) {
					hit = true;
				}
			}
			if (closed && hit != neg) {
				pi = j + 1;
				si++;
				continue;
			}
			if (!closed && s[si] == '[') { /* an unclosed '[' is literal */
				pi++;
				si++;
				continue;
			}
		} else if (pi < pn && (p[pi] == '?' || p[pi] == s[si])) {
			if (p[pi] == '\\' && pi + 1 < pn)
				pi++;
			pi++;
			si++;
			continue;
		} else if (pi + 1 < pn && p[pi] == '\\' && p[pi + 1] == s[si]) {
			pi += 2;
			si++;
			continue;
		}
		if (star_p == (size_t)-1)
			return false;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

static size_t seg_len(const char *s)
{
	const char *e = strchr(s, '/');
	return e ? (size_t)(e - s) : strlen(s);
}

static bool match_path(const char *p, const char *s)
{
	for (;;) {
		size_t pl = seg_len(p);
		if (pl == 2 && p[0] == '*' && p[1] == '*') {
			const char *rest = p[2] == '/' ? p + 3 : p + 2;
			if (!*rest)
				return true; /* trailing "**" matches everything below */
			for (const char *t = s;;) {
				if (match_path(rest, t))
					return true;
				const char *slash = strchr(t, '/');
				if (!slash)
					return false;
				t = slash + 1;
			}
		}
		size_t sl = seg_len(s);
		if (!match_segment(p, pl, s, sl))
			return false;
		p += pl;
		s += sl;
		if (!*p && !*s)
			return true;
		if (!*p || !*s) {
			/* "dir" matches everything under dir, as in .gitignore */
			return !*p && *s == '/';
		}
		p++;
		s++;
	}
}

static bool match_pattern(const char *pat, const char *path, bool anchored)
{
	if (!anchored && !strchr(pat, '/')) {
		/* no slash: match any segment, so "*.md" and "drafts" apply at every depth */
		for (const char *t = path;;) {
			size_t sl = seg_len(t);
			if (match_segment(pat, strlen(pat), t, sl))
				return true;
			if (!t[sl])
				return false;
			t += sl + 1;
		}
	}
	return match_path(pat, path);
}

/* When pat is two stars, a slash and one segment that is literal but for at most one star
 * (no '?', '[', '\\' or '/'): the form of the default include and exclude patterns, which are
 * tried on every file walked. Sets the segment's text before the star and after it (all of it,
 * and an empty head, when it has none). */
static bool one_segment_anywhere(const char *pat, const char **head, size_t *hl,
				 const char **tail)
{
	if (strncmp(pat, "**/", 3) != 0 || !pat[3] || strpbrk(pat + 3, "?[\\/"))
		return false;
	const char *seg = pat + 3, *star = strchr(seg, '*');
	if (star && strchr(star + 1, '*'))
		return false;
	*head = seg;
	*hl = star ? (size_t)(star - seg) : 0;
	*tail = star ? star + 1 : seg;
	return true;
}

/* Whether some segment of path is head, anything, tail (star) or tail itself (no star): what
 * match_path finds for a pattern of one_segment_anywhere's form, without its search. The last
 * segment is the file's name; another is a folder's, everything below which a pattern that
 * names the folder matches. */
static bool some_segment(const char *head, size_t hl, const char *tail, bool star,
			 const char *path)
{
	size_t tl = strlen(tail);
	for (const char *seg = path;;) {
		const char *end = strchr(seg, '/');
		size_t sl = end ? (size_t)(end - seg) : strlen(seg);
		if (star ? sl >= hl + tl && memcmp(seg, head, hl) == 0 &&
				   memcmp(seg + sl - tl, tail, tl) == 0
			 : sl == tl && memcmp(seg, tail, tl) == 0)
			return true;
		if (!end)
			return false;
		seg = end + 1;
	}
}

bool kb_glob_match(const char *pat, const char *path)
{
	/* a leading "/" or "./" anchors the pattern to the top, as in .gitignore */
	bool anchored = false;
	while (pat[0] == '.' && pat[1] == '/') {
		pat += 2;
		anchored = true;
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (*pat == '/') {
		pat++;
		anchored = true;
	}
	/* a pattern with a slash matches from the top either way (match_pattern) */
	const char *head, *tail;
	size_t hl;
	if (one_segment_anywhere(pat, &head, &hl, &tail))
		return some_segment(head, hl, tail, tail != head, path);
	/* a trailing "/" ("drafts/") names a folder: match as without it (the folder and what is
	 * below it) */
	size_t pl = strlen(pat);
	if (pl > 0 && pat[pl - 1] == '/') {
		while (pl > 0 && pat[pl - 1] == '/')
			pl--;
		if (pl == 0)
			return false;
		char *trimmed = xstrndup(pat, pl);
		bool r = match_pattern(trimmed, path, anchored);
		free(trimmed);
		return r;
	}
	return match_pattern(pat, path, anchored);
}
