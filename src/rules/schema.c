/* schema.c: the "schema" kind: the fields an article's metadata (front matter, or a YAML
 * entry's keys) must or may have, their types, and owners checked against the roster. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "regex.h"
#include "rule.h"
#include "roster.h"

#define TYPES(X)                                                                                 \
	X(ANY, NULL, "a value")                                                                    \
	X(STRING, "string", "a string")                                                            \
	X(DATE, "date", NULL) /* built from the config's date formats */                          \
	X(DURATION, "duration", "a duration (e.g. '6 months')")                                    \
	X(LIST, "list", "a list")                                                                  \
	X(ENUM, "enum", NULL) /* built from the values */                                         \
	X(EMAIL, "email", "an email address (e.g. 'team@example.com')")                           \
	X(NUMBER, "number", "a number")                                                            \
	X(BOOLEAN, "boolean", "true or false")

typedef enum {
#define X(e, name, expected) T_##e,
	TYPES(X)
#undef X
	T_COUNT
} ftype;

static const char *const type_names[] = {
#define X(e, name, expected) name,
	TYPES(X)
#undef X
};

static const char *const type_expected[] = {
#define X(e, name, expected) expected,
	TYPES(X)
#undef X
};

static const char type_list[] = "string, date, duration, list, enum, email, number, boolean";

/* One declared field. */
typedef struct {
	char *name;
	ftype type;
	bool required;
	bool roster;          /* each name must be an owner in the roster */
	kb_strv values;       /* enum: the allowed values (with type list: of each item) */
	char *pattern;        /* strings: as written, or NULL */
	kb_regex re;          /* compiled pattern, when pattern is set */
	char *expected;       /* "a duration (e.g. '6 months')", for messages */
} field;

/* A compiled schema rule (rule->data); schema_free frees it. */
typedef struct {
	field *v;
	size_t n;
	kb_strv applies_to;   /* globs relative to the config's folder; empty: every article */
	kb_strv tags;         /* empty: every article */
	bool flag_unknown;
} schema;

static const char *const keys[] = {"fields", "applies_to", "tags", "unknown_fields", NULL};
static const char *const field_keys[] = {"type", "required", "enum", "pattern", "roster", NULL};

/* Frees the compiled schema of rule (rule->data) and everything it holds. */
static void schema_free(kb_rule *rule)
{
	schema *s = rule->data;
	for (size_t i = 0; i < s->n; i++) {
		field *f = &s->v[i];
		free(f->name);
		kb_strv_free(&f->values);
		if (f->pattern)
			kb_regex_free(&f->re);
		free(f->pattern);
		free(f->expected);
	}
	free(s->v);
	kb_strv_free(&s->applies_to);
	kb_strv_free(&s->tags);
	free(s);
	rule->data = NULL;
}

/* Fills f->expected (heap) from its type, values, pattern and the config's date formats. */
static void set_expected(field *f, const kb_config *cfg)
{
	kb_buf b = {0};
	if (f->type == T_DATE) {
		kb_buf_puts(&b, "a date (");
		kb_config_date_forms(cfg, &b);
		kb_buf_putc(&b, ')');
	} else if (f->values.n) {
		kb_buf_puts(&b, f->type == T_LIST ? "a list of " : "one of ");
		for (size_t i = 0; i < f->values.n; i++)
			kb_buf_printf(&b, "%s%s", i ? ", " : "", f->values.v[i]);
	} else if (f->pattern) {
		kb_buf_printf(&b, "a string matching '%s'", f->pattern);
	} else {
		kb_buf_puts(&b, type_expected[f->type]);
	}
	f->expected = kb_buf_take(&b);
}

/* A boolean key of a field's spec: 1, 0, -1 when absent; an error (and -2) when not a
 * boolean. */
static int spec_bool(const kb_ynode *spec, const char *key, const char *name, kb_compile_ctx *ctx)
{
	int b = kb_rule_bool(spec, key);
	if (b == -2)
		kb_errs_at(ctx->errs, ctx->file, kb_ymap_get(spec, key), "field '%s': '%s' must be true or false", name,
		    key);
	return b;
}

/* Reads the spec of one field (a type name, or a mapping) into f. Returns 0, or -1 after
 * adding errors. */
static int compile_field(kb_rule *rule, field *f, const kb_ynode *spec, kb_compile_ctx *ctx)
{
	const char *name = f->name;
	const kb_ynode *type = NULL, *en = NULL, *pat = NULL;
	int bad = 0;
	if (spec->type == KB_Y_SCALAR && spec->len && !kb_yscalar_is_null(spec)) {
		type = spec; /* "title: string" is short for {type: string} */
	} else if (spec->type == KB_Y_MAP) {
		const kb_ynode *dup = kb_ymap_duplicate(spec);
		if (dup) {
			kb_errs_at(ctx->errs, ctx->file, dup, "duplicate key '%s' in field '%s'", dup->str, name);
			bad++;
		}
		for (size_t i = 0; i < spec->n; i++) {
			const kb_ynode *k = spec->items[2 * i];
			bool ok = false;
			for (size_t j = 0; k->type == KB_Y_SCALAR && field_keys[j]; j++)
				ok = ok || strcmp(k->str, field_keys[j]) == 0;
			if (!ok) {
				kb_errs_at(ctx->errs, ctx->file, k,
				    "unknown key '%s' in field '%s' of rule '%s' "
				    "(expected one of: type, required, enum, pattern, roster)",
				    k->type == KB_Y_SCALAR ? k->str : "?", name, rule->id);
				bad++;
			}
		}
		type = kb_ymap_get(spec, "type");
		en = kb_ymap_get(spec, "enum");
		pat = kb_ymap_get(spec, "pattern");
		int req = spec_bool(spec, "required", name, ctx);
		int ros = spec_bool(spec, "roster", name, ctx);
		bad += req == -2 || ros == -2;
		f->required = req == 1;
		f->roster = ros == 1;
	} else {
		kb_errs_at(ctx->errs, ctx->file, spec,
		    "field '%s' must be a type (%s) or a mapping such as "
		    "{type: string, required: true}",
		    name, type_list);
		return -1;
	}
	f->type = T_ANY;
	if (type) {
		int found = -1;
		for (int i = 1; type->type == KB_Y_SCALAR && i < T_COUNT; i++)
			if (strcmp(type->str, type_names[i]) == 0)
				found = i;
		if (found < 0) {
			kb_errs_at(ctx->errs, ctx->file, type, "unknown type '%s' for field '%s' (expected one of: %s)",
			    type->type == KB_Y_SCALAR ? type->str : "?", name, type_list);
			return -1;
		}
		f->type = (ftype)found;
	} else if (en) {
		f->type = T_ENUM; /* "status: {enum: [...]}" */
	}
	if (en) {
		if (f->type != T_ENUM && f->type != T_LIST) {
			kb_errs_at(ctx->errs, ctx->file, en, "field '%s': 'enum' goes with type enum or list, not %s", name,
			    type_names[f->type]);
			return -1;
		}
		if (en->type != KB_Y_SEQ || en->n == 0) {
			kb_errs_at(ctx->errs, ctx->file, en, "field '%s': 'enum' must be a non-empty list of values", name);
			return -1;
		}
		for (size_t i = 0; i < en->n; i++) {
			const kb_ynode *it = en->items[i];
			if (it->type != KB_Y_SCALAR || !it->len) {
				const char *what = it->type == KB_Y_SCALAR ? "an empty one"
									  : kb_ynode_type_name(it);
				kb_errs_at(ctx->errs, ctx->file, it,
				    "field '%s': 'enum' values must be non-empty strings, not %s",
				    name, what);
				return -1;
			}
			kb_strv_push(&f->values, it->str);
		}
	} else if (f->type == T_ENUM) {
		kb_errs_at(ctx->errs, ctx->file, type, "field '%s' has type enum but no 'enum' list of values", name);
		return -1;
	}
	if (pat) {
		char err[300];
		if (f->type != T_STRING) {
			const char *t = f->type == T_ANY ? "no type" : type_names[f->type];
			kb_errs_at(ctx->errs, ctx->file, pat, "field '%s': 'pattern' goes with type string, not %s", name,
			    t);
			return -1;
		}
		if (pat->type != KB_Y_SCALAR || !pat->len) {
			kb_errs_at(ctx->errs, ctx->file, pat,
			    "field '%s': 'pattern' must be a non-empty regular expression", name);
			return -1;
		}
		if (kb_regex_compile(&f->re, pat->str, false, err, sizeof err) != 0) {
			kb_errs_at(ctx->errs, ctx->file, pat, "field '%s': bad pattern: %s", name, err);
			return -1;
		}
		f->pattern = xstrdup(pat->str);
	}
	if (f->roster) {
		const kb_ynode *at = kb_ymap_get(spec, "roster");
		if (f->type != T_ANY && f->type != T_STRING && f->type != T_LIST) {
			kb_errs_at(ctx->errs, ctx->file, at, "field '%s': 'roster' goes with type string or list, not %s",
			    name, type_names[f->type]);
			return -1;
		}
		if (!ctx->cfg || !ctx->cfg->owners_path) {
			kb_errs_at(ctx->errs, ctx->file, at,
			    "rule '%s' checks owners against a roster, "
			    "but the config names no 'owners' file",
			    rule->id);
			return -1;
		}
	}
	set_expected(f, ctx->cfg);
	return bad ? -1 : 0;
}

/* Reads `unknown_fields` (allow or flag) into s. */
static void compile_unknown(schema *s, const kb_ynode *v, kb_compile_ctx *ctx)
{
	if (v->type == KB_Y_SCALAR && strcmp(v->str, "flag") == 0)
		s->flag_unknown = true;
	else if (v->type != KB_Y_SCALAR || strcmp(v->str, "allow") != 0)
		kb_errs_at(ctx->errs, ctx->file, v, "'unknown_fields' must be allow or flag, not %s%s%s",
		    v->type == KB_Y_SCALAR ? "'" : "",
		    v->type == KB_Y_SCALAR ? v->str : kb_ynode_type_name(v),
		    v->type == KB_Y_SCALAR ? "'" : "");
}

/* Reads `fields`, a mapping of field names to their specs, into s->v (errors go to ctx). */
static void compile_fields(kb_rule *rule, schema *s, const kb_ynode *fields, kb_compile_ctx *ctx)
{
	const kb_ynode *dup;
	if (fields->type != KB_Y_MAP || fields->n == 0) {
		kb_errs_at(ctx->errs, ctx->file, fields,
		    "'fields' must be a non-empty mapping of field names to types, not %s",
		    fields->type == KB_Y_MAP ? "an empty one" : kb_ynode_type_name(fields));
		return;
	}
	if ((dup = kb_ymap_duplicate(fields))) {
		kb_errs_at(ctx->errs, ctx->file, dup, "field '%s' is declared twice in rule '%s'", dup->str, rule->id);
		return;
	}
	s->v = xcalloc(fields->n, sizeof *s->v);
	for (size_t i = 0; i < fields->n; i++) {
		const kb_ynode *k = fields->items[2 * i], *spec = fields->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR || !k->len) {
			kb_errs_at(ctx->errs, ctx->file, k, "a field name must be a non-empty string");
			continue;
		}
		field *f = &s->v[s->n++];
		f->name = xstrdup(k->str);
		compile_field(rule, f, spec, ctx);
	}
}

/* Validates the kind's keys of map and fills rule->data with a schema (freed by schema_free,
 * also when this fails). Returns 0, or -1 after adding errors. */
static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	schema *s = xcalloc(1, sizeof *s);
	rule->data = s;
	size_t before = ctx->errs->n;
	const kb_ynode *fields = kb_ymap_get(map, "fields");
	if (!fields)
		kb_errs_at(ctx->errs, ctx->file, map, "schema rule '%s' needs 'fields', a mapping of field names to types",
		    rule->id);
	/* the keys in the order they are written, so errors come in file order */
	for (size_t i = 0; i < map->n; i++) {
		const kb_ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR)
			continue;
		if (strcmp(k->str, "applies_to") == 0)
			kb_rule_strings(v, "applies_to", &s->applies_to, ctx);
		else if (strcmp(k->str, "tags") == 0)
			kb_rule_strings(v, "tags", &s->tags, ctx);
		else if (strcmp(k->str, "unknown_fields") == 0)
			compile_unknown(s, v, ctx);
		else if (fields && strcmp(k->str, "fields") == 0 && v == fields)
			compile_fields(rule, s, v, ctx);
	}
	if (!rule->message[0]) {
		free(rule->message);
		rule->message = xstrdup("${problem}");
	}
	return ctx->errs->n == before ? 0 : -1;
}

/* Template variables of one finding (NULL: unset): value is the scalar found, as written. */
typedef struct {
	const char *problem, *field, *expected, *value;
} vars;

/* The message lookup over vars: ${problem}, ${field}, ${expected}, ${value}. */
static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	const vars *v = ud;
	const char *r = kb_streq_n(name, len, "problem")    ? v->problem
			: kb_streq_n(name, len, "field")    ? v->field
			: kb_streq_n(name, len, "expected") ? v->expected
			: kb_streq_n(name, len, "value")    ? v->value
							    : NULL;
	if (r)
		*outlen = strlen(r);
	return r;
}

/* Expands the rule's message for one problem and emits it at line:col. */
static void report(const kb_rule *rule, kb_check *c, const vars *v, int line, int col)
{
	kb_buf msg = {0};
	kb_template_expand(rule->message, lookup, (void *)v, &msg);
	kb_emit(c, rule, line, col, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

/* A value as messages show it, appended to b: a scalar's text (its first line, at most 60
 * bytes, cut on a character boundary, "..." when shortened), or the node's type. */
static void show_value(kb_buf *b, const kb_ynode *n)
{
	if (n->type != KB_Y_SCALAR) {
		kb_buf_puts(b, kb_ynode_type_name(n));
		return;
	}
	size_t len = 0;
	while (len < n->len && n->str[len] != '\n' && len < 60)
		len++;
	while (len < n->len && len > 0 && ((unsigned char)n->str[len] & 0xC0) == 0x80)
		len--; /* not inside a UTF-8 sequence */
	kb_buf_putc(b, '\'');
	kb_buf_put(b, n->str, len);
	kb_buf_puts(b, len < n->len ? "...'" : "'");
}

/* Reports "field 'F' should be EXPECTED, not VALUE" (with an optional note) at node n. */
static void report_type(const kb_rule *rule, kb_check *c, const field *f, const kb_ynode *n,
			const char *note)
{
	kb_buf problem = {0}, shown = {0};
	show_value(&shown, n);
	kb_buf_printf(&problem, "field '%s' should be %s, not %s%s", f->name, f->expected,
		      shown.data, note ? note : "");
	vars v = {problem.data, f->name, f->expected, n->type == KB_Y_SCALAR ? n->str : NULL};
	report(rule, c, &v, n->line, n->col);
	kb_buf_free(&problem);
	kb_buf_free(&shown);
}

/* True for a YAML 1.2 number written plainly: 42, -3, 1.5, 2e10, .5; also .inf and .nan. */
static bool is_number(const char *s)
{
	if (!strcmp(s, ".inf") || !strcmp(s, "-.inf") || !strcmp(s, "+.inf") || !strcmp(s, ".nan"))
		return true;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	size_t digits = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* True for a YAML 1.2 boolean: true, false, and their capitalized and upper-case forms. */
static bool is_boolean(const char *s)
{
	static const char *const words[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(s, words[i]))
			return true;
	return false;
}

/* True when the value is there but says nothing: null, "", [] or {}. */
static bool is_empty(const kb_ynode *n)
{
	if (n->type == KB_Y_SCALAR)
		return n->len == 0 || kb_yscalar_is_null(n);
	return n->n == 0;
}

/* Checks one scalar item of a list against the field's enum values. */
static void check_item(const kb_rule *rule, kb_check *c, const field *f, const kb_ynode *it)
{
	if (it->type == KB_Y_SCALAR && kb_strv_contains(&f->values, it->str))
		return;
	kb_buf problem = {0}, shown = {0}, only = {0};
	show_value(&shown, it);
	for (size_t i = 0; i < f->values.n; i++)
		kb_buf_printf(&only, "%s%s", i ? ", " : "", f->values.v[i]);
	kb_buf_printf(&problem, "field '%s' should hold only %s, not %s", f->name, only.data,
		      shown.data);
	vars v = {problem.data, f->name, f->expected, it->type == KB_Y_SCALAR ? it->str : NULL};
	report(rule, c, &v, it->line, it->col);
	kb_buf_free(&problem);
	kb_buf_free(&shown);
	kb_buf_free(&only);
}

/* Where kb_roster_check reports each name of a roster field. */
typedef struct {
	const kb_rule *rule;
	kb_check *c;
	const field *f;
	const kb_ynode *at;
} roster_ctx;

/* Reports a name the roster does not have, at the value it came from. */
static void roster_name(void *ud, const char *name, size_t len, const kb_owner *owner)
{
	roster_ctx *r = ud;
	if (owner)
		return;
	const kb_roster *ro = r->c->cfg->owners;
	char *who = xstrndup(name, len);
	kb_buf problem = {0};
	if (strcmp(r->f->name, "owner") == 0)
		kb_buf_printf(&problem, "owner '%s' is not in the owners roster (%s)", who,
			      ro->path);
	else
		kb_buf_printf(&problem, "field '%s': '%s' is not in the owners roster (%s)",
			      r->f->name, who, ro->path);
	vars v = {problem.data, r->f->name, "an owner in the roster", who};
	report(r->rule, r->c, &v, r->at->line, r->at->col);
	kb_buf_free(&problem);
	free(who);
}

/* Checks every owner a roster field names: a string (one name, or several joined with commas)
 * or each string of a list. */
static void check_roster(const kb_rule *rule, kb_check *c, const field *f, const kb_ynode *n)
{
	if (!c->cfg->owners)
		return; /* no roster loaded (say, a rule example run without one) */
	roster_ctx r = {rule, c, f, n};
	if (n->type == KB_Y_SCALAR) {
		kb_roster_check(c->cfg->owners, n->str, roster_name, &r);
		return;
	}
	for (size_t i = 0; n->type == KB_Y_SEQ && i < n->n; i++) {
		r.at = n->items[i];
		if (r.at->type == KB_Y_SCALAR && !is_empty(r.at))
			kb_roster_check(c->cfg->owners, r.at->str, roster_name, &r);
	}
}

/* True when the pattern matches somewhere in the scalar n (a limit hit counts as no match); x is
 * the checking thread's matching state. */
static bool matches(kb_regex_scratch *x, const kb_regex *re, const kb_ynode *n)
{
	kb_regex_jit(re);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
	int rc = pcre2_match(re->code, (PCRE2_SPTR)n->str, n->len, 0, 0, md, kb_regex_mctx(x));
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* Checks one declared field of the article's metadata. */
static void check_field(const kb_rule *rule, kb_check *c, const field *f)
{
	const kb_article *a = c->art;
	const kb_ynode *n = a->meta ? kb_ymap_get(a->meta, f->name) : NULL;
	if (!n || is_empty(n)) {
		if (!f->required)
			return;
		kb_buf problem = {0};
		kb_buf_printf(&problem, "required field '%s' is %s", f->name,
			      n ? "empty" : "missing");
		vars v = {problem.data, f->name, f->expected, NULL};
		if (n)
			report(rule, c, &v, n->line, n->col);
		else
			report(rule, c, &v, a->line, a->col);
		kb_buf_free(&problem);
		return;
	}
	bool scalar = n->type == KB_Y_SCALAR, plain = scalar && n->style == KB_YS_PLAIN;
	kb_date d;
	kb_interval iv;
	switch (f->type) {
	case T_ANY:
		break;
	case T_STRING:
		if (!scalar) {
			report_type(rule, c, f, n, NULL);
			return;
		}
		if (f->pattern && !matches(c->scratch, &f->re, n)) {
			report_type(rule, c, f, n, NULL);
			return;
		}
		break;
	case T_DATE:
		if (!scalar || kb_config_parse_date(c->cfg, n->str, n->len, &d) != 0) {
			/* a real date written another way: the date_formats entry that reads it */
			char format[32], form[48];
			kb_buf note = {0};
			if (scalar && kb_config_date_hint(c->cfg, n->str, n->len, format, form))
				kb_buf_printf(&note, "; for %s, add '%s' to date_formats in %s", form,
					      format,
					      c->cfg->path ? c->cfg->path : kb_config_default_name);
			report_type(rule, c, f, n, note.data);
			kb_buf_free(&note);
			return;
		}
		break;
	case T_DURATION:
		if (!scalar || kb_interval_parse(n->str, n->len, &iv) != 0) {
			report_type(rule, c, f, n, NULL);
			return;
		}
		break;
	case T_LIST:
		if (n->type != KB_Y_SEQ) {
			report_type(rule, c, f, n, NULL);
			return;
		}
		for (size_t i = 0; f->values.n && i < n->n; i++)
			check_item(rule, c, f, n->items[i]);
		break;
	case T_ENUM:
		if (!scalar || !kb_strv_contains(&f->values, n->str)) {
			report_type(rule, c, f, n, NULL);
			return;
		}
		break;
	case T_EMAIL:
		if (!scalar || !kb_email_valid(n->str, n->len)) {
			report_type(rule, c, f, n, NULL);
			return;
		}
		break;
	case T_NUMBER:
	case T_BOOLEAN: {
		bool ok = scalar && (f->type == T_NUMBER ? is_number(n->str) : is_boolean(n->str));
		if (!ok || !plain) {
			report_type(rule, c, f, n, ok ? " (quoted, so a string)" : NULL);
			return;
		}
		break;
	}
	case T_COUNT:
		break;
	}
	if (f->roster)
		check_roster(rule, c, f, n);
}

/* Edit distance between a and b (kb_edit_distance, util.h), or max + 1 when it is larger than
 * max or a name is too long to compare. */
static size_t distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1; /* the distance is at least the difference in length */
	size_t d = kb_edit_distance(a, b);
	return d > max ? max + 1 : d;
}

/* Reports each metadata key the schema does not declare (a YAML article's body field aside),
 * with the closest declared name when one is near. */
static void check_unknown(const kb_rule *rule, kb_check *c, const schema *s)
{
	const kb_article *a = c->art;
	for (size_t i = 0; a->meta && i < a->meta->n; i++) {
		const kb_ynode *k = a->meta->items[2 * i], *val = a->meta->items[2 * i + 1];
		if (val->type == KB_Y_SCALAR && a->body && val->str == a->body)
			continue; /* a YAML article's body */
		if (k->type != KB_Y_SCALAR || strcmp(k->str, "kblint") == 0)
			continue; /* kblint's own key (suppressions) is never the schema's business */
		bool declared = false;
		for (size_t j = 0; j < s->n && !declared; j++)
			declared = strcmp(s->v[j].name, k->str) == 0;
		if (declared)
			continue;
		const char *near = NULL;
		size_t best = 3;
		for (size_t j = 0; j < s->n; j++) {
			size_t max = strlen(k->str) <= 4 ? 1 : 2;
			size_t dist = distance(k->str, s->v[j].name, max);
			if (dist <= max && dist < best) {
				best = dist;
				near = s->v[j].name;
			}
		}
		kb_buf problem = {0};
		kb_buf_printf(&problem, "unknown field '%s'", k->str);
		if (near)
			kb_buf_printf(&problem, " (did you mean '%s'?)", near);
		vars v = {problem.data, k->str, NULL, NULL};
		report(rule, c, &v, k->line, k->col);
		kb_buf_free(&problem);
	}
}

/* True when the article's own `tags` (a list, or one string) hold one of the rule's tags. */
static bool tagged(const kb_article *a, const kb_strv *tags)
{
	const kb_ynode *t = a->meta ? kb_ymap_get(a->meta, "tags") : NULL;
	if (!t)
		return false;
	if (t->type == KB_Y_SCALAR)
		return kb_strv_contains(tags, t->str);
	for (size_t i = 0; t->type == KB_Y_SEQ && i < t->n; i++)
		if (t->items[i]->type == KB_Y_SCALAR && kb_strv_contains(tags, t->items[i]->str))
			return true;
	return false;
}

/* True when the rule applies to the article: its path matches applies_to (when given) and its
 * tags hold one of the rule's (when given). */
static bool applies(const schema *s, const kb_check *c)
{
	if (s->tags.n && !tagged(c->art, &s->tags))
		return false;
	if (!s->applies_to.n)
		return true;
	/* outside the config's folder, or not on disk (a rule example): the path as displayed */
	char *rel = kb_config_relative(c->cfg, c->art->file->path);
	if (!rel)
		rel = xstrdup(c->art->file->path);
	bool hit = false;
	for (size_t i = 0; i < s->applies_to.n && !hit; i++)
		hit = kb_glob_match(s->applies_to.v[i], rel);
	free(rel);
	return hit;
}

/* Checks one article against the schema, reporting only through kb_emit. */
static void check(const kb_rule *rule, kb_check *c)
{
	const schema *s = rule->data;
	if (!applies(s, c))
		return;
	for (size_t i = 0; i < s->n; i++)
		check_field(rule, c, &s->v[i]);
	if (s->flag_unknown)
		check_unknown(rule, c, s);
}

const kb_kind kb_kind_schema = {
	.name = "schema",
	.metadata = true,
	.keys = keys,
	.default_scope = KB_SCOPE_FRONT_MATTER,
	.compile = compile,
	.check = check,
	.free = schema_free,
};
