/* labels.c: labels are names, not sentences. A UI label in bold ("Select **This month**") or a
 * table's header row says what something is called; a date or a superlative in it is no
 * deadline or claim. Temporal and claim rules skip them (KB_SCOPE_LABEL, article.h).
 *
 * A bold span is a label when it is short (MAX_LABEL_WORDS), has no finite verb in it (an
 * auxiliary or modal: "is", "will", "must") or just before it ("The price is **TBD**"), does
 * not end a sentence, is not the whole paragraph, and either a UI word stands beside it (a verb
 * before: "Select", "Click", "Go to", "under"; a noun after: "tab", "menu", "option") or it is
 * written in Title Case and is not the opening phrase of its sentence ("**As of May 2020**,
 * customers ..." is the sentence's own). A month or weekday name does not make a span Title
 * Case: "ends **January 1, 2020**" is a date in the sentence. */
#include "labels.h"

#include <string.h>

#include "ascii.h"

enum {
	MAX_LABEL_WORDS = 8,   /* UI names are short; a longer bold span is emphasised prose */
	MAX_LABEL_BYTES = 100,
	MAX_WORD = 24,         /* longer words are in no list below */
};

/* Verbs that put a UI name after them ("Select **Save**"), and the words after "go", "point",
 * "navigate", "browse", "switch", "set" that do ("go to **Settings**"). */
static const char *const verbs_before[] = {
	"select", "selecting", "click", "clicking", "choose", "choosing", "tap", "press", "open",
	"pick", "check", "clear", "toggle", "expand", "collapse", "under", "right-click",
	"double-click", "run", "named", "labeled", "labelled", "titled", "called", "highlight",
	NULL};
static const char *const go_verbs[] = {"go", "point", "navigate", "browse", "switch", "set",
				       "move", "scroll", NULL};
/* UI nouns that name what the label before them is ("the **Best** option"). */
static const char *const nouns_after[] = {
	"tab", "tabs", "menu", "menus", "option", "options", "button", "buttons", "field", "fields",
	"box", "list", "pane", "panel", "page", "dialog", "window", "link", "column", "columns",
	"setting", "settings", "section", "tile", "icon", "command", "checkbox", "check", "toggle",
	"drop-down", "dropdown", "view", "card", "blade", "node", "label", "entry", "folder",
	"wizard", "screen", "tool", "toolbar", "bar", "ribbon", "group", "filter", "switch",
	"slider", "area", "item", "items", "key", "value", "policy", "property", "template", "test",
	NULL};
/* Auxiliaries and modals: a span with one is a clause, not a name. */
static const char *const finite[] = {
	"is", "are", "was", "were", "will", "would", "has", "have", "had", "must", "can", "cannot",
	"should", "could", "may", "might", "shall", "does", "do", "did", "won't", "isn't", "aren't",
	"wasn't", "doesn't", "don't", "can't", "it's", "we're", "you're", "they're", NULL};
/* Words a Title Case name leaves in lower case. */
static const char *const small_words[] = {
	"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "at", "as",
	"from", "per", "vs", "via", "&", NULL};
static const char *const calendar[] = {
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
	"sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", NULL};

/* True when w[0..n), ASCII case folded and without trailing punctuation, is in list. */
static bool in_list(const char *w, size_t n, const char *const *list)
{
	char buf[MAX_WORD + 1];
	while (n && strchr(".,;:!?)\"'", w[n - 1]))
		n--;
	while (n && strchr("(\"'", w[0])) {
		w++;
		n--;
	}
	if (!n || n > MAX_WORD)
		return false;
	for (size_t i = 0; i < n; i++)
		buf[i] = kb_tolower(w[i]);
	buf[n] = '\0';
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(buf, list[i]))
			return true;
	return false;
}

/* True for a capitalised month or weekday name ("May", not the modal "may"). */
static bool month(const char *w, size_t n)
{
	return n && kb_isupper(w[0]) && in_list(w, n, calendar);
}

/* The word that ends just before t[at] (blanks skipped): its start in *ws, its length
 * returned (0 when none: the text's start, or punctuation other than a word's own). */
static size_t word_before(const char *t, size_t at, size_t *ws)
{
	size_t e = at;
	while (e > 0 && kb_iswhite(t[e - 1]))
		e--;
	size_t s = e;
	while (s > 0 && !kb_iswhite(t[s - 1]))
		s--;
	*ws = s;
	return e - s;
}

/* The word that starts at or after t[at] (blanks skipped), in *ws; its length returned. */
static size_t word_after(const char *t, size_t n, size_t at, size_t *ws)
{
	size_t s = at;
	while (s < n && kb_iswhite(t[s]))
		s++;
	size_t e = s;
	while (e < n && !kb_iswhite(t[e]))
		e++;
	*ws = s;
	return e - s;
}

/* A UI verb just before t[s], over one article ("Select the **Best** plan"). */
static bool verb_cue(const char *t, size_t s)
{
	size_t ws, n = word_before(t, s, &ws);
	if (n && in_list(t + ws, n, (const char *const[]){"the", "a", "an", NULL}))
		n = word_before(t, ws, &ws);
	if (n == 1 && t[ws] == '>')
		return true; /* a menu path: "**File** > **New**" */
	if (in_list(t + ws, n, verbs_before))
		return true;
	if (!in_list(t + ws, n, (const char *const[]){"to", NULL}))
		return false;
	n = word_before(t, ws, &ws);
	return n && in_list(t + ws, n, go_verbs);
}

/* Title Case: each word with letters starts with a capital, small words aside, and at least
 * one capital word is not a month or a weekday. */
static bool title_case(const char *t, size_t s, size_t e)
{
	bool named = false;
	for (size_t i = s; i < e;) {
		size_t ws, n = word_after(t, e, i, &ws);
		if (!n)
			break;
		size_t k = ws;
		while (k < ws + n && !kb_isupper(t[k]) && !kb_islower(t[k]))
			k++;
		if (k < ws + n) {
			if (kb_islower(t[k]) && !in_list(t + ws, n, small_words))
				return false;
			if (kb_isupper(t[k]) && !month(t + ws, n))
				named = true;
		}
		i = ws + n;
	}
	return named;
}

bool kb_label_bold(const char *t, size_t n, size_t s, size_t e)
{
	while (s < e && kb_iswhite(t[s]))
		s++;
	while (e > s && kb_iswhite(t[e - 1]))
		e--;
	if (s == e || e - s > MAX_LABEL_BYTES)
		return false;
	char last = t[e - 1];
	if ((last == '.' && !(e - s >= 3 && !memcmp(t + e - 3, "...", 3))) || last == '!' ||
	    last == '?')
		return false; /* a sentence */
	size_t words = 0;
	for (size_t i = s; i < e;) {
		size_t ws, len = word_after(t, e, i, &ws);
		if (!len)
			break;
		if ((in_list(t + ws, len, finite) && !month(t + ws, len)) ||
		    ++words > MAX_LABEL_WORDS)
			return false; /* "May" is a month, "may" a modal: months first */
		if (strchr(".!?", t[ws + len - 1]) && ws + len < e)
			return false; /* "Note. Support ends ..." */
		i = ws + len;
	}
	size_t before = s, after = e;
	while (before > 0 && kb_iswhite(t[before - 1]))
		before--;
	while (after < n && (kb_iswhite(t[after]) || strchr(".:;,!?", t[after])))
		after++;
	if (before == 0 && after == n)
		return false; /* the whole paragraph in bold: emphasised prose */
	size_t ws, len = word_before(t, s, &ws);
	if (len && in_list(t + ws, len, finite) && !month(t + ws, len))
		return false; /* what a verb says: "The price is **TBD**" */
	if (verb_cue(t, s))
		return true;
	len = word_after(t, n, e, &ws);
	if (len && in_list(t + ws, len, nouns_after))
		return true;
	if (!title_case(t, s, e))
		return false;
	/* the sentence's opening phrase, with the sentence going on after it */
	bool opens = before == 0 || strchr(".!?", t[before - 1]);
	size_t k = e;
	while (k < n && kb_iswhite(t[k]))
		k++;
	return !(opens && k < n && (t[k] == ',' || kb_islower(t[k])));
}

bool kb_label_delimiter_row(const char *line, size_t n)
{
	size_t i = 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '>'))
		i++;
	bool pipe = false, dash = false;
	for (; i < n; i++) {
		char c = line[i];
		if (c == '|')
			pipe = true;
		else if (c == '-')
			dash = true;
		else if (c != ':' && c != ' ' && c != '\t')
			return false;
	}
	return pipe && dash;
}

/* Words that name a quoted message in the sentence that introduces it. */
static const char *const message_words[] = {
	"message", "messages", "error", "errors", "warning", "warnings", "prompt", "prompted",
	"dialog", "banner", "notification", "ndr", "exception", "output", "says", "reads", "states",
	"displays", "displayed", "shows", "returned", "returns", "text", "following", "resembles",
	"alert", "popup", "pop-up", NULL};

bool kb_label_quote_intro(const char *t, size_t n)
{
	while (n && kb_iswhite(t[n - 1]))
		n--;
	if (!n || t[n - 1] != ':')
		return false;
	size_t s = n - 1;
	while (s > 0 && !(strchr(".!?", t[s - 1]) && (s == n - 1 || kb_iswhite(t[s]))))
		s--; /* the last sentence */
	for (size_t i = s; i < n;) {
		size_t ws, len = word_after(t, n, i, &ws);
		if (!len)
			break;
		if (in_list(t + ws, len, message_words))
			return true;
		i = ws + len;
	}
	return false;
}

bool kb_label_alert(const char *t, size_t n)
{
	size_t i = 0;
	while (i < n && kb_iswhite(t[i]))
		i++;
	return n - i >= 2 && t[i] == '[' && t[i + 1] == '!';
}
