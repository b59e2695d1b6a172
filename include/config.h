/* config.h: .kblint.yaml, its defaults, and how it is found. */
#ifndef KB_CONFIG_H
#define KB_CONFIG_H

#include <stdbool.h>

#include "date.h"
#include "diag.h"
#include "util.h"

#define KB_ROLES(X) \
	X(REVIEWED, "reviewed") X(INTERVAL, "interval") X(EXPIRES, "expires") \
	X(OWNER, "owner") X(STATUS, "status") X(VERIFIED, "verified") \
	X(VERIFIER, "verifier") X(BODY, "body")
typedef enum {
#define X(e, s) KB_ROLE_##e,
	KB_ROLES(X)
#undef X
	KB_ROLE_COUNT
} kb_role;

typedef struct {
	char *rule;
	int severity; /* kb_severity, or -1 for off */
	int line, col;
} kb_sev_override;

/* One entry of 'overrides': levels for the articles whose path matches one of files. */
typedef struct {
	kb_strv files;             /* globs, relative to dir, matched as include's are */
	kb_sev_override *severity; /* per rule id: a level, or -1 for off */
	size_t nseverity;
	int line, col;             /* the entry */
} kb_override;

/* The `audit` key: kblint audit and the e-mail it sends. */
typedef struct {
	char *default_owner;      /* owner of articles that name none; default "unowned" */
	char *base_url;           /* http(s) URL the article paths (relative to dir) are joined to
				   * for links; NULL when none */
	kb_interval due_within;   /* how far ahead the audit lists reviews falling due (30 days) */
	size_t limit_per_owner;   /* at most this many articles per list; 0: no limit */
	kb_strv owner_names;      /* owner_emails: owner_names.v[i] is mailed at */
	kb_strv owner_emails;     /* owner_emails.v[i] (an addr-spec checked with kb_email_valid) */
	char *sendmail;           /* the command that sends a message; NULL: the mailer's default */
	char *from;               /* "addr" or "Name <addr>"; NULL when none */
	char *default_recipient;  /* an addr-spec for owners with no address; NULL when none */
} kb_audit_config;

/* The template languages and directive syntaxes a site writes in its Markdown ('markup'). Hugo
 * shortcodes, Liquid tags, ERB and docfx directives are markup whatever this says; what it
 * decides is whether a bare "{{ x }}" is a template output (Hugo, Liquid, Jinja) or a
 * placeholder nobody filled in (placeholder-template). */
enum {
	KB_MARKUP_HUGO = 1 << 0,
	KB_MARKUP_LIQUID = 1 << 1,
	KB_MARKUP_JINJA = 1 << 2,
	KB_MARKUP_ERB = 1 << 3,
	KB_MARKUP_DOCFX = 1 << 4,
	KB_MARKUP_OUTPUTS = KB_MARKUP_HUGO | KB_MARKUP_LIQUID | KB_MARKUP_JINJA,
};

typedef struct {
	char *path;      /* the config file as displayed, or NULL when none is used */
	char *dir;       /* folder that include/exclude/rules are relative to */
	char *abs_path;  /* realpath of the config file, or NULL */
	bool has_today;
	kb_date today;
	kb_strv include, exclude;
	kb_strv fields[KB_ROLE_COUNT];
	kb_strv date_formats; /* tried after ISO 8601 */
	kb_interval default_interval, due_soon, prose_max_age;
	char *links_root;     /* absolute; NULL: site-absolute links ("/x.html") are not checked */
	kb_strv ext_from, ext_to; /* a link ending in ext_from[i] may name a file ending in ext_to[i] */
	bool links_case_sensitive; /* false: links match files whatever their case (IIS, Azure) */
	char *facts_path;     /* the canonical facts file, relative to here; NULL when none */
	const struct kb_facts *facts; /* loaded by the CLI from facts_path; not owned */
	char *owners_path;    /* the owners roster, relative to here; NULL when none */
	const struct kb_roster *owners; /* loaded by the CLI from owners_path; not owned */
	kb_strv publish;      /* globs of the articles that are published (default: all) */
	kb_strv rules;        /* paths as resolved against dir */
	char *rules_docs_url; /* where docs/rules.md is read (SARIF helpUri); NULL: the build's */
	kb_sev_override *severity;
	size_t nseverity;
	kb_override *overrides; /* per-file levels, applied in order after severity (suppress.h) */
	size_t noverrides;
	kb_audit_config audit;
	unsigned markup;      /* KB_MARKUP_* bits: 'markup', or a detected site generator's */
} kb_config;

extern const char *const kb_config_default_name; /* ".kblint.yaml" */

/* Fills cfg with the defaults; dir is copied. */
void kb_config_defaults(kb_config *cfg, const char *dir);
/* Reads path over the defaults already in cfg. Returns 0, or -1 with messages in errs. */
int kb_config_load(kb_config *cfg, const char *path, kb_errs *errs);
/* The first .kblint.yaml in start or its ancestors, or NULL; caller frees. */
char *kb_config_find(const char *start);
void kb_config_free(kb_config *cfg);
const char *kb_role_name(kb_role r);
/* The address audit.owner_emails gives owner (compared exactly), or NULL. */
const char *kb_config_owner_email(const kb_config *cfg, const char *owner);
/* Appends the date forms cfg accepts as people write them: "YYYY-MM-DD" and each of
 * cfg->date_formats ("YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY"). cfg may be NULL. */
void kb_config_date_forms(const kb_config *cfg, kb_buf *out);
/* The folder relative to the config's folder (heap; "" for that folder itself), resolved on
 * disk, as include globs see it; NULL when it is not below that folder or does not exist. */
char *kb_config_relative_dir(const kb_config *cfg, const char *folder);
/* The file at path relative to the config's folder (heap): its folder resolved on disk, its name
 * kept; NULL when it is not below that folder. */
char *kb_config_relative(const kb_config *cfg, const char *path);
/* Parses a date as ISO 8601 (YAML timestamps too), then with each of cfg->date_formats.
 * Returns 0 on success. */
int kb_config_parse_date(const kb_config *cfg, const char *s, size_t n, kb_date *out);

#endif
