/* temporal.c: the "temporal" kind: dates and time words in prose that have gone stale.
 * Modes: deadline ("valid until March 31, 2025" and the date passed), as-of ("as of 2023",
 * older than freshness.prose_max_age), future ("will ship in 2024", the period is over),
 * undated ("coming soon" in an article last reviewed more than prose_max_age ago) and marker
 * ("<!-- kblint: valid-until 2026-06-30 -->" before a paragraph). Triggers are data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prosedate.h"
#include "regex.h"

typedef enum { MODE_DEADLINE, MODE_AS_OF, MODE_FUTURE, MODE_UNDATED, MODE_MARKER } mode;
static const char *const mode_names[] = {"deadline", "as-of", "future", "undated", "marker"};
static const char *const default_messages[] = {
	"deadline passed ${ago}: '${match}'",
	"'${match}' is ${ago}, older than ${max_age}",
	"future tense about ${date}, which ended ${ago}",
	"'${word}' was written before the last review on ${reviewed}, more than ${max_age} ago",
	"this paragraph was marked valid until ${date}, which passed ${ago}",
};
enum { NMODES = sizeof mode_names / sizeof mode_names[0] };

typedef struct {
	mode mode;
	kb_regex re;
	bool has_re;
	kb_regex unless;   /* a paragraph matching this is not a claim of this kind */
	bool has_unless;
} temporal_data;

static const char *const keys[] = {"mode", "triggers", "unless", NULL};

/* Words that lead from a future-tense trigger to the date ("will launch in 2024"). */
static const char future_glue[] =
	"(?:\\s+[^\\s.!?;:]+){0,6}?\\s+(?:in|during|for|around|from|early|late|mid|throughout)"
	"[\\s-]+(?:the\\s+)?(?:(?:end|start|beginning|middle|first\\s+half|second\\s+half)\\s+of\\s+)?";

static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *m = kb_ymap_get(map, "mode"), *t = kb_ymap_get(map, "triggers");
	int found = -1;
	for (int i = 0; m && m->type == KB_Y_SCALAR && i < NMODES; i++)
		if (strcmp(m->str, mode_names[i]) == 0)
			found = i;
	if (found < 0) {
		const kb_ynode *at = m ? m : map;
		kb_errs_add(ctx->errs, ctx->file, at->line, at->col,
			    "temporal rule '%s' needs 'mode', one of: deadline, as-of, future, undated, marker",
			    rule->id);
		return -1;
	}
	temporal_data *d = xcalloc(1, sizeof *d);
	d->mode = (mode)found;
	rule->data = d;
	if (!rule->message[0]) {
		free(rule->message);
		rule->message = xstrdup(default_messages[found]);
	}
	if (d->mode == MODE_MARKER) {
		if (t) {
			kb_errs_add(ctx->errs, ctx->file, t->line, t->col,
				    "a marker rule takes no 'triggers'");
			return -1;
		}
		return 0;
	}
	if (!t) {
		kb_errs_add(ctx->errs, ctx->file, map->line, map->col,
			    "temporal rule '%s' needs 'triggers', a list of words or phrases", rule->id);
		return -1;
	}
	kb_strv words = {0};
	if (kb_rule_strings(t, "triggers", &words, ctx) != 0)
		return -1;
	kb_buf alt = {0}, src = {0};
	for (size_t i = 0; i < words.n; i++) {
		if (i)
			kb_buf_putc(&alt, '|');
		kb_regex_quote(words.v[i], &alt);
	}
	/* "most recently added" is about order, not time */
	kb_buf_printf(&src, "(?<![\\w])%s(?<trigger>%s)(?![\\w])",
		      d->mode == MODE_UNDATED ? "(?<!most\\s)(?<!least\\s)" : "", alt.data);
	switch (d->mode) {
	case MODE_DEADLINE:
		kb_buf_puts(&src, "(?:\\s+(?:on|the\\s+end\\s+of|end\\s+of))?[\\s,:]+(?<date>");
		kb_prose_date_pattern(&src, ctx->cfg, false);
		kb_buf_putc(&src, ')');
		break;
	case MODE_AS_OF:
		kb_buf_puts(&src, "(?:\\s+on)?[\\s,:(]+(?<date>");
		kb_prose_date_pattern(&src, ctx->cfg, true);
		kb_buf_putc(&src, ')');
		break;
	case MODE_FUTURE:
		kb_buf_printf(&src, "%s(?<date>", future_glue);
		kb_prose_date_pattern(&src, ctx->cfg, true);
		kb_buf_putc(&src, ')');
		break;
	default:
		break;
	}
	char err[300];
	int ret = 0;
	const kb_ynode *u = kb_ymap_get(map, "unless");
	if (u) {
		kb_strv list = {0};
		kb_buf un = {0}, alt2 = {0};
		if (kb_rule_strings(u, "unless", &list, ctx) != 0) {
			kb_buf_free(&alt);
			kb_buf_free(&src);
			kb_strv_free(&words);
			return -1;
		}
		for (size_t i = 0; i < list.n; i++) {
			if (i)
				kb_buf_putc(&alt2, '|');
			kb_regex_quote(list.v[i], &alt2);
		}
		kb_word_wrap(&un, alt2.data);
		if (kb_regex_compile(&d->unless, un.data, true, err, sizeof err) != 0) {
			kb_errs_add(ctx->errs, ctx->file, u->line, u->col, "bad 'unless' in rule '%s': %s",
				    rule->id, err);
			ret = -1;
		} else {
			d->has_unless = true;
		}
		kb_strv_free(&list);
		kb_buf_free(&un);
		kb_buf_free(&alt2);
	}
	if (ret == 0 && kb_regex_compile(&d->re, src.data, true, err, sizeof err) != 0) {
		kb_errs_add(ctx->errs, ctx->file, t->line, t->col, "bad trigger in rule '%s': %s",
			    rule->id, err);
		ret = -1;
	} else {
		d->has_re = true;
	}
	kb_buf_free(&alt);
	kb_buf_free(&src);
	kb_strv_free(&words);
	return ret;
}

/* "3 days", "5 months", "2 years": a span of days as people say it. */
static void human(char *out, size_t n, long days)
{
	if (days < 0)
		days = -days;
	if (days < 60)
		snprintf(out, n, "%ld day%s", days, days == 1 ? "" : "s");
	else if (days < 730)
		snprintf(out, n, "%ld months", days / 30);
	else
		snprintf(out, n, "%ld years", days / 365);
}

typedef struct {
	const char *names[10];
	const char *values[10];
	size_t lens[10];
	size_t n;
} vars;

static void set(vars *v, const char *name, const char *value, size_t len)
{
	v->names[v->n] = name;
	v->values[v->n] = value;
	v->lens[v->n++] = len;
}

static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	vars *v = ud;
	for (size_t i = 0; i < v->n; i++)
		if (v->values[i] && kb_streq_n(name, len, v->names[i])) {
			*outlen = v->lens[i];
			return v->values[i];
		}
	return NULL;
}

typedef struct {
	const kb_rule *rule;
	const temporal_data *d;
	kb_check *c;
} scan_ctx;

static bool quote_char(const char *s, size_t at, bool before)
{
	/* ASCII quotes, and the typographic ones (U+2018/2019/201C/201D: E2 80 98..9D) */
	if (before) {
		if (at >= 1 && (s[at - 1] == '"' || s[at - 1] == '\''))
			return true;
		return at >= 3 && (unsigned char)s[at - 3] == 0xE2 && (unsigned char)s[at - 2] == 0x80 &&
		       (unsigned char)s[at - 1] >= 0x98 && (unsigned char)s[at - 1] <= 0x9D;
	}
	if (s[at] == '"' || s[at] == '\'')
		return true;
	return (unsigned char)s[at] == 0xE2 && (unsigned char)s[at + 1] == 0x80 &&
	       (unsigned char)s[at + 2] >= 0x98 && (unsigned char)s[at + 2] <= 0x9D;
}

/* True when the match sits inside a URL written out in the text. */
static bool in_url(const char *s, size_t len, size_t start, size_t end)
{
	size_t a = start, b = end;
	while (a > 0 && s[a - 1] != ' ' && s[a - 1] != '\n' && s[a - 1] != '(')
		a--;
	while (b < len && s[b] != ' ' && s[b] != '\n' && s[b] != ')')
		b++;
	for (size_t i = a; i + 3 <= b; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return true;
	return b - a > 4 && strncmp(s + a, "www.", 4) == 0;
}

static void count(void *ud, const char *s, size_t len, const size_t *ov, int n)
{
	(void)s;
	(void)len;
	(void)ov;
	(void)n;
	(*(int *)ud)++;
}

static void report(scan_ctx *sc, const kb_hit *hit, vars *v, size_t at)
{
	if (sc->d->has_unless) {
		/* the paragraph says what kind of statement this is: "copyright ... as of 2022" */
		int found = 0;
		kb_regex_each(&sc->d->unless, hit->subject, hit->len, count, &found);
		if (found)
			return;
	}
	int line, col;
	kb_hit_pos(hit, at, &line, &col);
	kb_buf msg = {0};
	kb_template_expand(sc->rule->message, lookup, v, &msg);
	kb_emit(sc->c, sc->rule, line, col, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

static void on_date(void *ud, const kb_hit *hit)
{
	scan_ctx *sc = ud;
	const kb_regex *re = &sc->d->re;
	size_t dl = 0, tl = 0;
	const char *date = kb_hit_lookup(re, hit, "date", 4, &dl);
	const char *trig = kb_hit_lookup(re, hit, "trigger", 7, &tl);
	if (!date)
		return;
	size_t dstart = (size_t)(date - hit->subject);
	if (in_url(hit->subject, hit->len, hit->ov[0], dstart + dl))
		return;
	kb_span span;
	if (kb_prose_date_parse(date, dl, sc->c->cfg, &span) != 0)
		return;
	kb_date today = sc->c->today;
	char ago[48], age[32];
	long days;
	switch (sc->d->mode) {
	case MODE_DEADLINE:
	case MODE_FUTURE:
		/* a deadline without a day runs to the end of its month, quarter or year */
		if (span.last >= today)
			return;
		days = (long)today - span.last;
		break;
	case MODE_AS_OF:
		/* "as of March 2025" is the start of March */
		if (kb_date_add(span.first, sc->c->cfg->prose_max_age) >= today)
			return;
		days = (long)today - span.first;
		break;
	default:
		return;
	}
	human(ago, sizeof ago, days);
	strcat(ago, " ago");
	kb_interval_format(sc->c->cfg->prose_max_age, age);
	vars v = {0};
	set(&v, "date", date, dl);
	set(&v, "trigger", trig, tl);
	set(&v, "match", hit->subject + hit->ov[0], hit->ov[1] - hit->ov[0]);
	set(&v, "ago", ago, strlen(ago));
	set(&v, "max_age", age, strlen(age));
	report(sc, hit, &v, dstart);
}

/* True when the text holds a year (1900-2099) as a word of its own or before '-' ("2023-Dec"). */
static bool has_year(const char *t, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		bool left = i == 0 || !((t[i - 1] >= '0' && t[i - 1] <= '9') ||
					 (t[i - 1] >= 'a' && t[i - 1] <= 'z') ||
					 (t[i - 1] >= 'A' && t[i - 1] <= 'Z'));
		bool right = i + 4 == n || !(t[i + 4] >= '0' && t[i + 4] <= '9');
		if (left && right && ((t[i] == '1' && t[i + 1] == '9') || (t[i] == '2' && t[i + 1] == '0')) &&
		    t[i + 2] >= '0' && t[i + 2] <= '9' && t[i + 3] >= '0' && t[i + 3] <= '9')
			return true;
	}
	return false;
}

/* True when a heading above the block (its own section's, or any enclosing one) names a year:
 * "this month" under "## 2023-Dec" means that December, not now. */
static bool dated_section(const kb_article *a, const kb_block *blk)
{
	int level = blk->heading ? blk->heading : 7;
	for (const kb_block *b = blk; b >= a->blocks; b--) {
		if (!b->heading || (b != blk && b->heading >= level))
			continue;
		if (has_year(b->text, b->len))
			return true;
		level = b->heading;
		if (level == 1)
			break;
	}
	return false;
}

static void on_word(void *ud, const kb_hit *hit)
{
	scan_ctx *sc = ud;
	size_t s = hit->ov[0], e = hit->ov[1];
	if (hit->block && dated_section(sc->c->art, hit->block))
		return;
	/* a quoted UI label ('shows as "Coming Soon"') is a name, not a claim */
	if (quote_char(hit->subject, s, true) && e < hit->len && quote_char(hit->subject, e, false))
		return;
	const kb_article *a = sc->c->art;
	char reviewed[16], age[32];
	kb_date_format(a->reviewed.date, reviewed);
	kb_interval_format(sc->c->cfg->prose_max_age, age);
	vars v = {0};
	set(&v, "word", hit->subject + s, e - s);
	set(&v, "reviewed", reviewed, strlen(reviewed));
	set(&v, "max_age", age, strlen(age));
	report(sc, hit, &v, s);
}

static void check_markers(const kb_rule *rule, kb_check *c)
{
	const kb_article *a = c->art;
	for (size_t i = 0; i < a->nmarkers; i++) {
		const kb_marker *m = &a->markers[i];
		if (!m->valid) {
			kb_buf msg = {0};
			kb_buf_printf(&msg, "kblint marker 'valid-until %s' needs a date YYYY-MM-DD", m->text);
			kb_emit(c, rule, m->line, m->col, msg.data);
			kb_buf_free(&msg);
			continue;
		}
		if (m->valid_until >= c->today)
			continue;
		char date[16], ago[48];
		kb_date_format(m->valid_until, date);
		human(ago, sizeof ago, (long)c->today - m->valid_until);
		strcat(ago, " ago");
		vars v = {0};
		set(&v, "date", date, strlen(date));
		set(&v, "ago", ago, strlen(ago));
		kb_buf msg = {0};
		kb_template_expand(rule->message, lookup, &v, &msg);
		kb_emit(c, rule, m->line, m->col, msg.data ? msg.data : "");
		kb_buf_free(&msg);
	}
}

static void check(const kb_rule *rule, kb_check *c)
{
	const temporal_data *d = rule->data;
	scan_ctx sc = {rule, d, c};
	switch (d->mode) {
	case MODE_MARKER:
		check_markers(rule, c);
		return;
	case MODE_UNDATED: {
		const kb_article *a = c->art;
		/* undated words are a risk only in an article nobody has reviewed for a while */
		if (a->reviewed.state != KB_FIELD_OK ||
		    kb_date_add(a->reviewed.date, c->cfg->prose_max_age) >= c->today)
			return;
		kb_regex_scan(&d->re, rule->scope, rule, c, on_word, &sc);
		return;
	}
	default:
		kb_regex_scan(&d->re, rule->scope, rule, c, on_date, &sc);
	}
}

static void free_data(kb_rule *rule)
{
	temporal_data *d = rule->data;
	if (d->has_re)
		kb_regex_free(&d->re);
	if (d->has_unless)
		kb_regex_free(&d->unless);
	free(d);
	rule->data = NULL;
}

const kb_kind kb_kind_temporal = {
	.name = "temporal",
	.keys = keys,
	.default_scope = KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_COMMENTS,
	.compile = compile,
	.check = check,
	.check_corpus = NULL,
	.free = free_data,
};
