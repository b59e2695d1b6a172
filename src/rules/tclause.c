/* tclause.c: the grammar around a date or time word (see tclause.h). English only: the word
 * classes below are closed classes of the language (auxiliaries, determiners, pronouns), not
 * words of any one knowledge base. */
#include "tclause.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "sentence.h"

const char *const tc_modals[] = {
	"must", "should", "shall", "will", "won't", "would", "can", "can't", "cannot", "could",
	"may", "might", "need to", "needs to", "have to", "has to", "required to", "want to",
	"wants to", "please", "i'll", "we'll", "you'll", "it'll", "they'll", "i'd like", NULL};
const char *const tc_past[] = {"was", "were", "had", "did", "wasn't", "weren't", "hadn't",
			       "didn't", "used to", NULL};
const char *const tc_be[] = {"be", "been", "being", "is", "are", "am", "isn't", "aren't",
			     "it's", "that's", "they're", "we're", "you're", NULL};
const char *const tc_time_nouns[] = {
	"date", "dates", "day", "days", "age", "ages", "year", "years", "month", "months", "time",
	"times", "value", "values", "version", "versions", "release", "releases", "build",
	"builds", "event", "events", "period", "periods", "birthday", "birthdays", NULL};
const char *const tc_determiners[] = {"the", "a", "an", "this", "that", "these", "those", "its",
				      "their", "your", "our", "his", "her", "my", "of", "most",
				      "least", "as", NULL};
const char *const tc_conditional[] = {"if", "when", "whenever", "whether", "unless", NULL};
const char *const tc_reader[] = {"you", "your", "you've", "you're", "yourself", NULL};

/* Simple pasts and participles that do not end in -ed. */
static const char *const irregular[] = {
	"made", "set", "built", "done", "written", "begun", "began", "become", "became", "brought",
	"bought", "sold", "sent", "taken", "took", "given", "gave", "shown", "put", "run", "ran",
	"got", "gotten", "held", "left", "lost", "found", "moved", "rolled", "shipped", "born",
	"split", "rebuilt", "rewritten", "redone", "upgraded", NULL};

static bool letter(char c)
{
	return kb_isalnum(c) || c == '\'' || (unsigned char)c >= 0x80;
}

void tc_sentence(const kb_block *blk, const char *s, size_t n, size_t at, size_t *a, size_t *b)
{
	/* text that is not blk's (an HTML comment's, say) is split as one piece of prose */
	kb_piece whole = {.off = 0, .len = n, .scope = KB_SCOPE_PROSE};
	kb_block one = {.text = (char *)s, .len = n, .pieces = &whole, .npieces = 1};
	if (!blk || blk->text != s || blk->len != n)
		blk = &one;
	size_t nv;
	kb_sentence *v = kb_sentences(blk, &nv);
	size_t i = kb_sentence_of(v, nv, at);
	*a = nv ? v[i].s : 0;
	*b = nv ? v[i].e : n;
	free(v);
}

static const char *const joints[] = {", and ", ", but ", ", so ", ", which ", ", while ",
				     ", although ", ", whereas ", NULL};

/* The length of a clause joint starting at s[i], or 0. */
static size_t joint(const char *s, size_t n, size_t i)
{
	if (s[i] == ';' || (s[i] == ':' && (i + 1 == n || kb_iswhite(s[i + 1]))))
		return 1;
	for (size_t k = 0; joints[k]; k++) {
		size_t l = strlen(joints[k]), j = 0;
		while (j < l && i + j < n && kb_tolower(s[i + j]) == joints[k][j])
			j++;
		if (j == l)
			return l;
	}
	return 0;
}

void tc_clause(const kb_block *blk, const char *s, size_t n, size_t at, size_t *a, size_t *b)
{
	size_t sa, sb;
	tc_sentence(blk, s, n, at, &sa, &sb);
	size_t start = sa, end = sb;
	for (size_t i = sa; i < sb; i++) {
		size_t l = joint(s, n, i);
		if (!l)
			continue;
		if (i + l <= at)
			start = i + l;
		else if (i >= at && i < end) {
			end = i;
			break;
		}
	}
	*a = start;
	*b = end;
}

tc_word tc_word_before(const char *s, size_t at)
{
	size_t i = at;
	while (i > 0 && kb_iswhite(s[i - 1]))
		i--;
	size_t b = i;
	while (i > 0 && letter(s[i - 1]))
		i--;
	return (tc_word){i, b};
}

tc_word tc_word_after(const char *s, size_t n, size_t at)
{
	size_t i = at;
	while (i < n && kb_iswhite(s[i]))
		i++;
	size_t a = i;
	while (i < n && letter(s[i]))
		i++;
	return (tc_word){a, i};
}

/* Compares s[a..b) with a lowercase word, case-insensitively; a typographic apostrophe
 * (U+2019) in s stands for '\''. */
static bool same(const char *s, size_t a, size_t b, const char *w, size_t *used)
{
	size_t i = a;
	for (; *w; w++) {
		if (i >= b)
			return false;
		if (*w == '\'' && i + 2 < b && (unsigned char)s[i] == 0xE2 &&
		    (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
			i += 3;
			continue;
		}
		if (kb_tolower(s[i]) != *w)
			return false;
		i++;
	}
	*used = i - a;
	return true;
}

bool tc_is(const char *s, tc_word w, const char *const *list)
{
	size_t used;
	for (size_t k = 0; w.b > w.a && list[k]; k++)
		if (same(s, w.a, w.b, list[k], &used) && used == w.b - w.a)
			return true;
	return false;
}

const char *tc_find(const char *s, size_t a, size_t b, const char *const *list, size_t *at)
{
	size_t used;
	for (size_t i = a; i < b; i++) {
		if (i > a && letter(s[i - 1]))
			continue;
		for (size_t k = 0; list[k]; k++)
			if (same(s, i, b, list[k], &used) && (i + used == b || !letter(s[i + used]))) {
				*at = i;
				return list[k];
			}
	}
	return NULL;
}

bool tc_has(const char *s, size_t a, size_t b, const char *const *list)
{
	size_t at;
	return tc_find(s, a, b, list, &at) != NULL;
}

bool tc_participle(const char *s, tc_word w)
{
	size_t l = w.b - w.a;
	if (l > 4 && kb_tolower(s[w.b - 2]) == 'e' && kb_tolower(s[w.b - 1]) == 'd')
		return true;
	return tc_is(s, w, irregular);
}
