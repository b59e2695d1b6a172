/* test_config.c: .kblint.yaml loading and its error messages (src/config/config.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "harness.h"
#include "rule.h"

static char dir[64];   /* a fresh folder under /tmp */
static char path[128]; /* dir/.kblint.yaml */
static kb_config cfg;
static kb_errs errs;

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");
	if (!f) {
		perror(p);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* Writes text as the config, loads it over the defaults; returns kb_config_load's result. */
static int load(const char *text)
{
	kb_config_free(&cfg);
	kb_errs_free(&errs);
	write_file(path, text);
	kb_config_defaults(&cfg, ".");
	return kb_config_load(&cfg, path, &errs);
}

/* "PATH:" + rest, for the expected messages. */
static const char *at(const char *rest)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, "%s%s", path, rest);
	return buf;
}

static const char *err(size_t i)
{
	return i < errs.n ? errs.v[i] : "(no such error)";
}

/* Expects exactly one error message. */
#define CHECK_ONE_ERROR(text, msg)                  \
	do {                                        \
		CHECK_EQ_INT(load(text), -1);       \
		CHECK_EQ_INT(errs.n, 1);            \
		CHECK_EQ_STR(err(0), at(msg));      \
	} while (0)

static void test_defaults(void)
{
	kb_config d;
	kb_config_defaults(&d, "some/dir");
	CHECK_EQ_STR(d.dir, "some/dir");
	CHECK(d.path == NULL);
	CHECK(!d.has_today);
	CHECK_EQ_INT(d.include.n, 4);
	if (d.include.n == 4) {
		CHECK_EQ_STR(d.include.v[0], "**/*.md");
		CHECK_EQ_STR(d.include.v[3], "**/*.yml");
	}
	/* a repository's own files are left out by default; articles are not */
	CHECK_EQ_INT(d.exclude.n, 8);
	CHECK(kb_strv_contains(&d.exclude, "**/CONTRIBUTING.md"));
	CHECK_EQ_INT(d.fields[KB_ROLE_REVIEWED].n, 6);
	CHECK_EQ_STR(d.fields[KB_ROLE_REVIEWED].v[0], "last_reviewed_on");
	CHECK_EQ_STR(d.fields[KB_ROLE_REVIEWED].v[5], "ms.date");
	CHECK(kb_strv_contains(&d.fields[KB_ROLE_OWNER], "owner_slack"));
	CHECK(kb_strv_contains(&d.fields[KB_ROLE_BODY], "answer"));
	CHECK_EQ_INT(d.fields[KB_ROLE_VERIFIER].n, 2);
	CHECK_EQ_STR(d.fields[KB_ROLE_VERIFIER].v[0], "reviewed_by");
	CHECK_EQ_STR(kb_role_name(KB_ROLE_VERIFIER), "verifier");
	CHECK_EQ_INT(d.default_interval.count, 6);
	CHECK_EQ_INT(d.default_interval.unit, KB_UNIT_MONTHS);
	CHECK_EQ_INT(d.due_soon.count, 14);
	CHECK_EQ_INT(d.due_soon.unit, KB_UNIT_DAYS);
	CHECK_EQ_INT(d.date_formats.n, 0);
	CHECK_EQ_INT(d.nseverity, 0);
	CHECK_EQ_STR(kb_role_name(KB_ROLE_REVIEWED), "reviewed");
	CHECK_EQ_STR(kb_role_name(KB_ROLE_BODY), "body");
	CHECK_EQ_STR(kb_config_default_name, ".kblint.yaml");
	kb_config_free(&d);
	CHECK(d.dir == NULL && d.include.n == 0);
}

static void test_success(void)
{
	char rules[160];
	snprintf(rules, sizeof rules, "%s/extra.yaml", dir);
	write_file(rules, "rules: []\n");

	CHECK_EQ_INT(load("# comment\n"
			  "today: 2026-11-25\n"
			  "include: 'docs/**/*.md'\n"
			  "exclude:\n"
			  "  - drafts\n"
			  "  - '**/archive/**'\n"
			  "fields:\n"
			  "  reviewed: [ms.date, reviewed_at]\n"
			  "  owner: team\n"
			  "date_formats:\n"
			  "  - '%m/%d/%Y'\n"
			  "  - '%d %B %Y'\n"
			  "freshness:\n"
			  "  default_interval: 1 year\n"
			  "  due_soon: 3 weeks\n"
			  "rules: extra.yaml\n"
			  "severity:\n"
			  "  plain-words: info\n"
			  "  review-overdue: \"off\"\n"
			  "  expired: error\n"
			  "  x: warning\n"),
		     0);
	CHECK_EQ_INT(errs.n, 0);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "    unexpected: %s\n", errs.v[i]);

	CHECK_EQ_STR(cfg.path, path);
	CHECK_EQ_STR(cfg.dir, dir);
	if (CHECK(cfg.abs_path != NULL))
		CHECK_EQ_STR(cfg.abs_path, path);
	CHECK(cfg.has_today);
	char today[16];
	kb_date_format(cfg.today, today);
	CHECK_EQ_STR(today, "2026-11-25");

	/* a single string is a list of one; a list replaces the default */
	CHECK_EQ_INT(cfg.include.n, 1);
	CHECK_EQ_STR(cfg.include.v[0], "docs/**/*.md");
	CHECK_EQ_INT(cfg.exclude.n, 2);
	CHECK_EQ_STR(cfg.exclude.v[1], "**/archive/**");
	/* a role set replaces the default list, in the order given */
	CHECK_EQ_INT(cfg.fields[KB_ROLE_REVIEWED].n, 2);
	CHECK_EQ_STR(cfg.fields[KB_ROLE_REVIEWED].v[0], "ms.date");
	CHECK_EQ_STR(cfg.fields[KB_ROLE_REVIEWED].v[1], "reviewed_at");
	CHECK_EQ_INT(cfg.fields[KB_ROLE_OWNER].n, 1);
	CHECK_EQ_STR(cfg.fields[KB_ROLE_OWNER].v[0], "team");
	CHECK_EQ_INT(cfg.fields[KB_ROLE_INTERVAL].n, 3); /* roles not set keep their defaults */
	CHECK_EQ_INT(cfg.date_formats.n, 2);
	CHECK_EQ_STR(cfg.date_formats.v[0], "%m/%d/%Y");
	CHECK_EQ_STR(cfg.date_formats.v[1], "%d %B %Y");
	CHECK_EQ_INT(cfg.default_interval.count, 12);
	CHECK_EQ_INT(cfg.default_interval.unit, KB_UNIT_MONTHS);
	CHECK_EQ_INT(cfg.due_soon.count, 21);
	CHECK_EQ_INT(cfg.due_soon.unit, KB_UNIT_DAYS);
	if (CHECK_EQ_INT(cfg.rules.n, 1))
		CHECK_EQ_STR(cfg.rules.v[0], rules);

	if (CHECK_EQ_INT(cfg.nseverity, 4)) {
		CHECK_EQ_STR(cfg.severity[0].rule, "plain-words");
		CHECK_EQ_INT(cfg.severity[0].severity, KB_SEV_INFO);
		CHECK_EQ_INT(cfg.severity[0].line, 18);
		CHECK_EQ_INT(cfg.severity[0].col, 3);
		CHECK_EQ_STR(cfg.severity[1].rule, "review-overdue");
		CHECK_EQ_INT(cfg.severity[1].severity, -1);
		CHECK_EQ_STR(cfg.severity[2].rule, "expired");
		CHECK_EQ_INT(cfg.severity[2].severity, KB_SEV_ERROR);
		CHECK_EQ_INT(cfg.severity[3].severity, KB_SEV_WARNING);
	}

	/* dates are ISO first, then each format in order */
	kb_date d;
	CHECK_EQ_INT(kb_config_parse_date(&cfg, "2025-07-10", 10, &d), 0);
	CHECK_EQ_INT(d, kb_date_from_ymd(2025, 7, 10));
	CHECK_EQ_INT(kb_config_parse_date(&cfg, "7/10/2025", 9, &d), 0);
	CHECK_EQ_INT(d, kb_date_from_ymd(2025, 7, 10));
	CHECK_EQ_INT(kb_config_parse_date(&cfg, "10 July 2025", 12, &d), 0);
	CHECK_EQ_INT(d, kb_date_from_ymd(2025, 7, 10));
	CHECK_EQ_INT(kb_config_parse_date(&cfg, "July 10, 2025", 13, &d), 0); /* a default form */
	CHECK_EQ_INT(d, kb_date_from_ymd(2025, 7, 10));
	CHECK_EQ_INT(kb_config_parse_date(&cfg, "10.07.2025", 10, &d), -1);

	/* an empty config, or one holding only null, keeps every default */
	CHECK_EQ_INT(load(""), 0);
	CHECK_EQ_INT(errs.n, 0);
	CHECK_EQ_INT(cfg.include.n, 4);
	CHECK_EQ_STR(cfg.path, path);
	CHECK_EQ_INT(load("# nothing\n~\n"), 0);
	CHECK_EQ_INT(cfg.fields[KB_ROLE_REVIEWED].n, 6);

	/* a YAML timestamp is a date too; "off" unquoted is the string off */
	CHECK_EQ_INT(load("today: 2025-07-10T10:00:00Z\nseverity: {a: off}\n"), 0);
	kb_date_format(cfg.today, today);
	CHECK_EQ_STR(today, "2025-07-10");
	if (CHECK_EQ_INT(cfg.nseverity, 1))
		CHECK_EQ_INT(cfg.severity[0].severity, -1);

	/* no value: an empty list */
	CHECK_EQ_INT(load("exclude:\ndate_formats:\n"), 0);
	CHECK_EQ_INT(errs.n, 0);
	CHECK_EQ_INT(cfg.exclude.n, 0);

	/* markup: the template languages whose "{{ x }}" is markup; none by default */
	CHECK_EQ_INT(load("today: 2026-01-01\n"), 0);
	CHECK_EQ_INT((int)cfg.markup, 0);
	CHECK_EQ_INT(load("markup: [hugo, erb]\n"), 0);
	CHECK_EQ_INT((int)cfg.markup, KB_MARKUP_HUGO | KB_MARKUP_ERB);
	CHECK((cfg.markup & KB_MARKUP_OUTPUTS) != 0);
	CHECK_EQ_INT(load("markup: liquid\n"), 0);
	CHECK_EQ_INT((int)cfg.markup, KB_MARKUP_LIQUID);
	CHECK_EQ_INT(load("markup: [erb, docfx]\n"), 0);
	CHECK_EQ_INT((int)(cfg.markup & KB_MARKUP_OUTPUTS), 0);

	unlink(rules);
}

static void test_errors(void)
{
	CHECK_ONE_ERROR("today: 2026-11-25\nfileds:\n  reviewed: x\n",
			":2:1: error: unknown key 'fileds' (expected one of: today, include, exclude, "
			"fields, date_formats, facts, freshness, links, owners, publish, rules, "
			"rules_docs_url, severity, overrides, audit, site, redirects, defaults, fragments, codeowners, markup, export)");
	/* the rest of the file is still read */
	CHECK(cfg.has_today);

	CHECK_ONE_ERROR("markup: [hugo, mustache]\n",
			":1:16: error: 'markup' must list hugo, liquid, jinja, erb or docfx, not "
			"'mustache'");
	CHECK_ONE_ERROR("include: {a: b}\n",
			":1:10: error: 'include' must be a list of strings, not a mapping");
	CHECK_ONE_ERROR("include: []\n", ":1:10: error: 'include' needs at least one pattern");
	CHECK_ONE_ERROR("include:\n", ":1:9: error: 'include' needs at least one pattern");
	CHECK_ONE_ERROR("include: ''\n",
			":1:10: error: 'include' must be a list of strings, not an empty string");
	CHECK_ONE_ERROR("exclude:\n  - a\n  - [b]\n",
			":3:5: error: 'exclude' must be a list of strings, not a list holding a list");
	CHECK_ONE_ERROR("exclude:\n  - a\n  - ''\n",
			":3:5: error: 'exclude' must be a list of strings, not a list holding an empty "
			"string");

	CHECK_ONE_ERROR("today: 2026-02-30\n",
			":1:8: error: 'today' must be a date YYYY-MM-DD, not '2026-02-30'");
	CHECK(!cfg.has_today);
	CHECK_ONE_ERROR("today: 11/25/2026\n",
			":1:8: error: 'today' must be a date YYYY-MM-DD, not '11/25/2026'");
	CHECK_ONE_ERROR("today: {y: 2026}\n",
			":1:8: error: 'today' must be a date YYYY-MM-DD, not a mapping");

	CHECK_ONE_ERROR("freshness:\n  default_interval: 6 mnths\n",
			":2:21: error: 'freshness.default_interval' must be an interval such as "
			"'90 days', '6 months' or '1 year', not '6 mnths'");
	CHECK_EQ_INT(cfg.default_interval.count, 6); /* the default stays */
	CHECK_EQ_INT(cfg.default_interval.unit, KB_UNIT_MONTHS);
	CHECK_ONE_ERROR("freshness:\n  due_soon: [1]\n",
			":2:13: error: 'freshness.due_soon' must be an interval such as '90 days', "
			"'6 months' or '1 year', not a list");
	CHECK_ONE_ERROR("freshness:\n  due_son: 3 days\n",
			":2:3: error: unknown key 'due_son' in 'freshness' (expected one of: "
			"default_interval, due_soon, prose_max_age, fallback)");
	CHECK_ONE_ERROR("freshness: 6 months\n",
			":1:12: error: 'freshness' must be a mapping, not a scalar");

	/* an unknown level is an error, not "off" */
	CHECK_ONE_ERROR("severity:\n  plain-words: fatal\n",
			":2:16: error: severity of 'plain-words' must be one of off, info, warning, "
			"error, not 'fatal'");
	CHECK_EQ_INT(cfg.nseverity, 0);
	CHECK_ONE_ERROR("severity:\n  plain-words: Warning\n",
			":2:16: error: severity of 'plain-words' must be one of off, info, warning, "
			"error, not 'Warning'");
	CHECK_ONE_ERROR("severity:\n  a: [error]\n",
			":2:6: error: severity of 'a' must be one of off, info, warning, error, not a "
			"list");
	CHECK_ONE_ERROR("severity: [a]\n",
			":1:11: error: 'severity' must be a mapping from rule id to a level, not a list");
	CHECK_ONE_ERROR("severity:\n  a: info\n  a: error\n",
			":3:3: error: duplicate key 'a' in 'severity'");

	CHECK_ONE_ERROR("fields:\n  reviewed: x\n  reviwed: y\n",
			":3:3: error: unknown key 'reviwed' in 'fields' (expected one of: reviewed, "
			"interval, expires, owner, status, verified, verifier, body, url, slug, aliases)");
	CHECK_ONE_ERROR("fields:\n  owner: []\n",
			":2:10: error: 'fields.owner' needs at least one field name");
	CHECK_ONE_ERROR("fields:\n  reviewed: [ok, metadata..date]\n",
			":2:18: error: 'fields.reviewed': 'metadata..date' has an empty part (a "
			"nested field is keys joined by single dots: metadata.ms.date)");
	CHECK_ONE_ERROR("fields:\n  body: .answer\n",
			":2:9: error: 'fields.body': '.answer' has an empty part (a nested field is "
			"keys joined by single dots: metadata.ms.date)");
	CHECK_ONE_ERROR("fields:\n  owner: {a: b}\n",
			":2:10: error: 'fields.owner' must be a list of strings, not a mapping");
	CHECK_ONE_ERROR("fields: [owner]\n",
			":1:9: error: 'fields' must be a mapping from role to field names, not a list");
	CHECK_ONE_ERROR("fields:\n  owner: a\n  owner: b\n",
			":3:3: error: duplicate key 'owner' in 'fields'");

	CHECK_ONE_ERROR("today: 2025-01-01\ninclude: ['*.md']\ntoday: 2025-01-02\n",
			":3:1: error: duplicate key 'today'");

	CHECK_ONE_ERROR("date_formats: ['%m/%d/%Y', '%Y-%j']\n",
			":1:28: error: date format '%Y-%j' needs a year (%Y or %y), a month (%m, %b or "
			"%B) and a day (%d or %e), and no other % directives");
	/* the message points at the bad format even after a skipped entry */
	CHECK_EQ_INT(load("date_formats: ['', '%m/%Y']\n"), -1);
	CHECK_EQ_INT(errs.n, 2);
	CHECK_EQ_STR(err(0), at(":1:16: error: 'date_formats' must be a list of strings, not a "
				"list holding an empty string"));
	CHECK_EQ_STR(err(1), at(":1:20: error: date format '%m/%Y' needs a year (%Y or %y), a "
				"month (%m, %b or %B) and a day (%d or %e), and no other % "
				"directives"));

	CHECK_EQ_INT(load("rules:\n  - [x]\n  - missing.yaml\n"), -1);
	CHECK_EQ_INT(errs.n, 2);
	CHECK_EQ_STR(err(0), at(":2:5: error: 'rules' must be a list of strings, not a list "
				"holding a list"));
	CHECK_EQ_STR(err(1), at(":3:5: error: rule file 'missing.yaml' does not exist"));

	/* invalid YAML names the line and column */
	CHECK_ONE_ERROR("today: 2025-01-01\ninclude: a: b\n",
			":2:11: error: invalid YAML: mapping values are not allowed in this context");
	CHECK_ONE_ERROR("include:\n  - a\n - b\n",
			":3:2: error: invalid YAML: did not find expected key while parsing a block "
			"mapping started at line 1, column 1");
	CHECK_ONE_ERROR("a: 1\n---\nb: 2\n",
			":2:1: error: invalid YAML: more than one YAML document (a second '---')");

	CHECK_ONE_ERROR("- today\n- include\n",
			":1:1: error: the config must be a mapping of keys, not a list");
	CHECK_ONE_ERROR("hello\n", ":1:1: error: the config must be a mapping of keys, not a scalar");

	/* several problems are all reported, in file order */
	CHECK_EQ_INT(load("tody: 2025-01-01\nfreshness:\n  due_soon: soon\n"), -1);
	CHECK_EQ_INT(errs.n, 2);
	CHECK(strstr(err(0), ":1:1: error: unknown key 'tody'") != NULL);
	CHECK(strstr(err(1), ":3:13: error: 'freshness.due_soon'") != NULL);

	/* a file that cannot be read has no position */
	kb_config_free(&cfg);
	kb_errs_free(&errs);
	kb_config_defaults(&cfg, ".");
	char missing[160];
	snprintf(missing, sizeof missing, "%s/nope.yaml", dir);
	CHECK_EQ_INT(kb_config_load(&cfg, missing, &errs), -1);
	CHECK_EQ_INT(errs.n, 1);
	char want[256];
	snprintf(want, sizeof want, "%s: error: cannot read: No such file or directory", missing);
	CHECK_EQ_STR(err(0), want);
	CHECK_EQ_INT(cfg.include.n, 4);
	kb_errs_free(&errs);
	CHECK_EQ_INT(kb_config_load(&cfg, dir, &errs), -1);
	snprintf(want, sizeof want, "%s: error: cannot read: is a directory", dir);
	CHECK_EQ_STR(err(0), want);
}

/* overrides: entries kept in order with their globs and levels; each mistake reported at its
 * position; rule ids checked once the rules are loaded, as for 'severity'. */
static void test_overrides(void)
{
	CHECK_EQ_INT(load("overrides:\n"
			  "  - files: ['legal/**', '*.faq.yaml']\n"
			  "    severity:\n"
			  "      plain-words: off\n"
			  "      placeholder-todo: warning\n"
			  "  - files: terms.md\n"
			  "    severity: {plain-words: error}\n"),
		     0);
	CHECK_EQ_INT(errs.n, 0);
	if (CHECK_EQ_INT(cfg.noverrides, 2)) {
		const kb_override *o = &cfg.overrides[0];
		CHECK_EQ_INT(o->line, 2);
		CHECK_EQ_INT(o->col, 5);
		if (CHECK_EQ_INT(o->files.n, 2))
			CHECK_EQ_STR(o->files.v[1], "*.faq.yaml");
		if (CHECK_EQ_INT(o->nseverity, 2)) {
			CHECK_EQ_STR(o->severity[0].rule, "plain-words");
			CHECK_EQ_INT(o->severity[0].severity, -1);
			CHECK_EQ_STR(o->severity[1].rule, "placeholder-todo");
			CHECK_EQ_INT(o->severity[1].severity, KB_SEV_WARNING);
			CHECK_EQ_INT(o->severity[1].line, 5);
			CHECK_EQ_INT(o->severity[1].col, 7);
		}
		o = &cfg.overrides[1];
		if (CHECK_EQ_INT(o->files.n, 1))
			CHECK_EQ_STR(o->files.v[0], "terms.md");
		if (CHECK_EQ_INT(o->nseverity, 1))
			CHECK_EQ_INT(o->severity[0].severity, KB_SEV_ERROR);
	}
	CHECK_EQ_INT(load("overrides: []\n"), 0);
	CHECK_EQ_INT(cfg.noverrides, 0);

	CHECK_ONE_ERROR("overrides: {files: x}\n",
			":1:12: error: 'overrides' must be a list of {files: [GLOBS], severity: "
			"{RULE: LEVEL}}, not a mapping");
	CHECK_ONE_ERROR("overrides: [legal]\n",
			":1:13: error: an 'overrides' entry must be a mapping with 'files' and "
			"'severity', not a scalar");
	CHECK_ONE_ERROR("overrides:\n  - files: x\n    severity: {a: off}\n    sevrity: {b: off}\n",
			":4:5: error: unknown key 'sevrity' in an 'overrides' entry (expected one of: "
			"files, severity)");
	CHECK_ONE_ERROR("overrides:\n  - severity: {a: off}\n",
			":2:5: error: an 'overrides' entry needs 'files', a list of globs");
	CHECK_ONE_ERROR("overrides:\n  - files: x\n",
			":2:5: error: an 'overrides' entry needs 'severity', a mapping from rule id to "
			"a level");
	CHECK_ONE_ERROR("overrides:\n  - files: []\n    severity: {a: off}\n",
			":2:12: error: 'overrides.files' needs at least one pattern");
	CHECK_ONE_ERROR("overrides:\n  - files: {a: b}\n    severity: {a: off}\n",
			":2:12: error: 'overrides.files' must be a list of strings, not a mapping");
	CHECK_ONE_ERROR("overrides:\n  - files: x\n    severity: [a]\n",
			":3:15: error: 'overrides.severity' must be a mapping from rule id to a level, "
			"not a list");
	CHECK_ONE_ERROR("overrides:\n  - files: x\n    severity: {a: loud}\n",
			":3:19: error: severity of 'a' must be one of off, info, warning, error, not "
			"'loud'");
	CHECK_ONE_ERROR("overrides:\n  - files: x\n    severity: {a: info, a: off}\n",
			":3:25: error: duplicate key 'a' in 'overrides.severity'");

	/* an unknown rule id is known to be unknown only once the rules are loaded */
	char rules[160];
	snprintf(rules, sizeof rules, "%s/rules.yaml", dir);
	write_file(rules, "rules:\n"
			  "  - id: plain-words\n"
			  "    kind: pattern\n"
			  "    category: style\n"
			  "    severity: info\n"
			  "    message: x\n"
			  "    pattern: x\n");
	CHECK_EQ_INT(load("severity: {plain-words: warning}\n"
			  "overrides:\n"
			  "  - files: x\n"
			  "    severity: {plain-words: off, plain-word: error}\n"),
		     0);
	kb_ruleset rs = {0};
	CHECK_EQ_INT(kb_ruleset_load(&rs, rules, &cfg, &errs), 0);
	CHECK_EQ_INT(kb_ruleset_configure(&rs, &cfg, &errs), -1);
	if (CHECK_EQ_INT(errs.n, 1))
		CHECK_EQ_STR(err(0), at(":4:34: error: overrides: unknown rule 'plain-word' (see "
					"'kblint rules')"));
	/* the config's own level stays; an override applies per file, when findings are made */
	const kb_rule *r = kb_ruleset_find(&rs, "plain-words");
	if (CHECK(r != NULL)) {
		CHECK(r->enabled);
		CHECK_EQ_INT(r->severity, KB_SEV_WARNING);
	}
	kb_ruleset_free(&rs);
	unlink(rules);
}

static void test_find(void)
{
	char sub[160], subsub[200];
	snprintf(sub, sizeof sub, "%s/a", dir);
	snprintf(subsub, sizeof subsub, "%s/a/b", dir);
	CHECK_EQ_INT(mkdir(sub, 0700), 0);
	CHECK_EQ_INT(mkdir(subsub, 0700), 0);
	write_file(path, "{}\n");

	char *found = kb_config_find(subsub);
	CHECK_EQ_STR(found, path);
	free(found);
	char file[240];
	snprintf(file, sizeof file, "%s/x.md", subsub);
	write_file(file, "text\n");
	found = kb_config_find(file); /* a file starts the search in its folder */
	CHECK_EQ_STR(found, path);
	free(found);

	/* the nearest one wins */
	char nearer[240];
	snprintf(nearer, sizeof nearer, "%s/.kblint.yaml", sub);
	write_file(nearer, "{}\n");
	found = kb_config_find(subsub);
	CHECK_EQ_STR(found, nearer);
	free(found);

	found = kb_config_find("/nonexistent/path/for/kblint");
	CHECK(found == NULL);
	free(found);

	unlink(nearer);
	unlink(file);
	rmdir(subsub);
	rmdir(sub);
}

/* kb_config_parse_date on a C string, formatted, or "ERR". */
static const char *pdate(const kb_config *c, const char *s)
{
	static char out[16];
	kb_date d;
	if (kb_config_parse_date(c, s, strlen(s), &d) != 0)
		return "ERR";
	kb_date_format(d, out);
	return out;
}

/* The date forms a config reads, as its messages list them. */
static const char *forms(const kb_config *c)
{
	static char out[256];
	kb_buf b = {0};
	kb_config_date_forms(c, &b);
	snprintf(out, sizeof out, "%s", b.data);
	kb_buf_free(&b);
	return out;
}

/* The hint for s as "FORMAT FORM", or "NONE". */
static const char *hint(const kb_config *c, const char *s)
{
	static char out[96];
	char f[32], h[48];
	if (!kb_config_date_hint(c, s, strlen(s), f, h))
		return "NONE";
	snprintf(out, sizeof out, "%s %s", f, h);
	return out;
}

static void test_date_forms(void)
{
	/* no config: ISO 8601, then the default forms */
	CHECK_EQ_STR(forms(NULL), "YYYY-MM-DD, MM/DD/YYYY, D Month YYYY or Month D, YYYY");
	CHECK_EQ_STR(pdate(NULL, "03/14/2024"), "2024-03-14");
	CHECK_EQ_STR(pdate(NULL, "3/4/2024"), "2024-03-04");
	CHECK_EQ_STR(pdate(NULL, "14 March 2024"), "2024-03-14");
	CHECK_EQ_STR(pdate(NULL, "Mar 4, 2024"), "2024-03-04");
	CHECK_EQ_STR(pdate(NULL, "2024-03-14T09:30:00Z"), "2024-03-14");
	CHECK_EQ_STR(pdate(NULL, "02/30/2024"), "ERR");
	CHECK_EQ_STR(pdate(NULL, "14.03.2024"), "ERR");
	CHECK_EQ_STR(hint(NULL, "14.03.2024"), "%d.%m.%Y DD.MM.YYYY");
	CHECK_EQ_STR(hint(NULL, "14/03/2024"), "%d/%m/%Y DD/MM/YYYY");
	CHECK_EQ_STR(hint(NULL, "30.02.2024"), "NONE");
	CHECK_EQ_STR(hint(NULL, "02/30/2024"), "NONE");
	CHECK_EQ_STR(hint(NULL, "soon"), "NONE");
	CHECK_EQ_STR(kb_config_date_format(NULL, 0), "%m/%d/%Y");
	CHECK(kb_config_date_format(NULL, 3) == NULL);

	/* a configured form adds to the defaults, and is tried first */
	CHECK_EQ_INT(load("date_formats: ['%d.%m.%Y']\n"), 0);
	CHECK_EQ_STR(forms(&cfg), "YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY, D Month YYYY or Month D, YYYY");
	CHECK_EQ_STR(pdate(&cfg, "14.03.2024"), "2024-03-14");
	CHECK_EQ_STR(pdate(&cfg, "03/14/2024"), "2024-03-14");
	CHECK_EQ_STR(pdate(&cfg, "03.04.2024"), "2024-04-03");
	CHECK_EQ_STR(pdate(&cfg, "30.02.2024"), "ERR");

	/* one the defaults hold already is listed once */
	CHECK_EQ_INT(load("date_formats: ['%m/%d/%Y']\n"), 0);
	CHECK_EQ_STR(forms(&cfg), "YYYY-MM-DD, MM/DD/YYYY, D Month YYYY or Month D, YYYY");

	/* DD/MM/YYYY replaces the US default: slashed dates are read day first only */
	CHECK_EQ_INT(load("date_formats: ['%d/%m/%Y']\n"), 0);
	CHECK_EQ_STR(forms(&cfg), "YYYY-MM-DD, DD/MM/YYYY, D Month YYYY or Month D, YYYY");
	CHECK_EQ_STR(pdate(&cfg, "03/04/2024"), "2024-04-03");
	CHECK_EQ_STR(pdate(&cfg, "14/03/2024"), "2024-03-14");
	CHECK_EQ_STR(pdate(&cfg, "03/14/2024"), "ERR");
	CHECK_EQ_STR(pdate(&cfg, "29/02/2024"), "2024-02-29");
	CHECK_EQ_STR(pdate(&cfg, "29/02/2023"), "ERR");
	CHECK_EQ_STR(pdate(&cfg, "14 March 2024"), "2024-03-14");
	CHECK_EQ_STR(hint(&cfg, "03/14/2024"), "NONE"); /* MM/DD would read its dates two ways */
	CHECK_EQ_STR(hint(&cfg, "14.03.2024"), "%d.%m.%Y DD.MM.YYYY");
	CHECK_EQ_STR(kb_config_date_format(&cfg, 0), "%d/%m/%Y");
	CHECK_EQ_STR(kb_config_date_format(&cfg, 1), "%d %B %Y");
	CHECK(kb_config_date_format(&cfg, 3) == NULL);

	/* %e reads the day as %d does: '%e/%m/%Y' replaces the US default too */
	CHECK_EQ_INT(load("date_formats: ['%e/%m/%Y', '%d %b %y']\n"), 0);
	CHECK_EQ_STR(forms(&cfg), "YYYY-MM-DD, D/MM/YYYY, DD Mon YY, D Month YYYY or Month D, YYYY");
	CHECK_EQ_STR(pdate(&cfg, "03/04/2024"), "2024-04-03");
	CHECK_EQ_STR(pdate(&cfg, "4 Mar 24"), "2024-03-04");
}

int main(int argc, char **argv)
{
	(void)argc;
	snprintf(dir, sizeof dir, "/tmp/kblint-test-config-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	/* realpath, so the folder kblint computes and ours compare equal */
	char *real = realpath(dir, NULL);
	if (real) {
		rmdir(dir);
		snprintf(dir, sizeof dir, "%s", real);
		free(real);
		if (mkdir(dir, 0700) != 0) {
			perror(dir);
			return 2;
		}
	}
	snprintf(path, sizeof path, "%s/.kblint.yaml", dir);

	test_defaults();
	test_success();
	test_errors();
	test_overrides();
	test_find();
	test_date_forms();

	kb_config_free(&cfg);
	kb_errs_free(&errs);
	unlink(path);
	rmdir(dir);
	return kb_test_report(argv[0]);
}
