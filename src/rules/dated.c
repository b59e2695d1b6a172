/* dated.c: sections that are records of a day (dated.h). */
#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "dated.h"

/* True when t[i..i+8) is a date written as one number, YYYYMMDD, standing alone ("## 20160303"). */
static bool compact(const char *t, size_t n, size_t i)
{
	if (i + 8 > n || (i + 8 < n && kb_isdigit(t[i + 8])))
		return false;
	for (size_t k = i + 4; k < i + 8; k++)
		if (!kb_isdigit(t[k]))
			return false;
	int m = (t[i + 4] - '0') * 10 + (t[i + 5] - '0'), d = (t[i + 6] - '0') * 10 + (t[i + 7] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* True when the text holds a year (1900-2099) as a word of its own, before '-' ("2023-Dec") or
 * as the start of a YYYYMMDD date ("20160303").
 * With stamp, only a year that stamps the heading rather than being said in it: at its start
 * ("2016-10-18, Version 4.6.1"), in brackets ("Version 1.85.0 (2025-02-20)", "(release date:
 * 2020-01-10)") or after a dash ("[1.0.0] - 2017-06-20"), not "valid until 31 March
 * 2025" or "Prices as of 2023". */
static bool has_year(const char *t, size_t n, bool stamp)
{
	int depth = 0;
	for (size_t i = 0; i + 4 <= n; i++) {
		if (t[i] == '(' || t[i] == '[')
			depth++;
		else if ((t[i] == ')' || t[i] == ']') && depth > 0)
			depth--;
		bool left = i == 0 || !kb_isalnum(t[i - 1]);
		bool right = i + 4 == n || !kb_isdigit(t[i + 4]) || compact(t, n, i);
		if (!(left && right && ((t[i] == '1' && t[i + 1] == '9') || (t[i] == '2' && t[i + 1] == '0')) &&
		      kb_isdigit(t[i + 2]) && kb_isdigit(t[i + 3])))
			continue;
		if (!stamp)
			return true;
		size_t k = i;
		while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
			k--;
		if (k == 0 || t[k - 1] == '(' || t[k - 1] == '-' ||
		    (depth > 0 && t[k - 1] == ':'))
			return true;
	}
	return false;
}

static bool lower_is(const char *t, size_t n, size_t i, const char *w)
{
	size_t l = strlen(w);
	if (i + l > n)
		return false;
	for (size_t k = 0; k < l; k++) {
		char c = kb_tolower(t[i + k]);
		if (c != w[k])
			return false;
	}
	return true;
}

/* True when the heading names a release at its start, the way a changelog's entries do:
 * "Release v2.6.30", "Version 1.27.0", "v2.6", or a bare version of three parts alone or before
 * a bracket, dash or comma ("1.0.0", "[2.0.0](...) (2021-07-02)", "2.27.0 - bug fixes"). A
 * section number ("1.2 Setup", "1.2.3 Configure the proxy") is none. */
static bool release_heading(const char *t, size_t n)
{
	size_t i = 0;
	while (i < n && (t[i] == ' ' || t[i] == '['))
		i++;
	bool named = false;
	static const char *const words[] = {"release ", "version ", NULL};
	for (size_t k = 0; words[k]; k++)
		if (lower_is(t, n, i, words[k])) {
			i += strlen(words[k]);
			named = true;
			break;
		}
	if (i < n && (t[i] == 'v' || t[i] == 'V')) {
		i++;
		named = true;
	}
	size_t d = i;
	int parts = 0;
	for (;;) {
		size_t p = i;
		while (i < n && kb_isdigit(t[i]))
			i++;
		if (i == p)
			return false;
		parts++;
		if (i + 1 < n && t[i] == '.' && kb_isdigit(t[i + 1]))
			i++;
		else
			break;
	}
	if (i == d || parts < 2)
		return false;
	if (named)
		return true;
	while (i < n && t[i] == ' ')
		i++;
	return parts >= 3 && (i == n || t[i] == '(' || t[i] == ']' || t[i] == '-' || t[i] == ',');
}

/* True when a heading above the block (its own section's, or any enclosing one) names a year:
 * "this month" under "## 2023-Dec" means that December, not now. With stamp, the year must
 * stamp the heading (has_year): a release note's section, a dated entry. */
bool kb_dating_heading(const kb_block *h, bool stamp)
{
	return h->heading &&
	       (has_year(h->text, h->len, stamp) || (stamp && release_heading(h->text, h->len)));
}

bool kb_dated_section(const kb_article *a, const kb_block *blk, bool stamp)
{
	int level = blk->heading ? blk->heading : 7;
	for (const kb_block *b = blk; b >= a->blocks; b--) {
		if (!b->heading || (b != blk && b->heading >= level))
			continue;
		if (kb_dating_heading(b, stamp))
			return true;
		level = b->heading;
		if (level == 1)
			break;
	}
	return false;
}
