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
	X(VERIFIER, "verifier") X(BODY, "body") X(URL, "url") X(SLUG, "slug") \
	X(ALIASES, "aliases")
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

/* What makes an export verdict (kblint export): findings of these categories at or above this
 * severity. */
typedef struct {
	unsigned categories;      /* 1 << kb_category for each category counted */
	int severity;             /* the lowest kb_severity counted */
} kb_export_when;

/* What --content gives (export.content). */
typedef enum { KB_CONTENT_NONE, KB_CONTENT_FULL, KB_CONTENT_CLEAN } kb_content_mode;

/* The `export` key: kblint export, the verdicts it hands to AI assistants' pipelines. */
typedef struct {
	kb_export_when untrusted_on; /* default: stale, contradiction, unverified at error */
	kb_export_when review_on;    /* default: stale, contradiction at warning */
	bool review_due_soon;        /* review_on.due_soon: due within freshness.due_soon (true) */
	/* export.exclude: an article opts out when its field exclude_fields.v[i] (a key or dotted
	 * path) is exclude_values.v[i], or a list holding it (case ignored); default ai: exclude,
	 * tags: llm-no-index */
	kb_strv exclude_fields, exclude_values;
	kb_content_mode content;     /* export.content (none) */
} kb_export_config;

/* One entry of 'defaults': metadata an article whose path matches one of files has when its
 * own front matter does not set the field (docfx fileMetadata, Jekyll defaults, a site's
 * default owner). keys.v[i] is given the value values.v[i]. */
typedef struct {
	kb_strv files;             /* globs, relative to dir, matched as include's are */
	kb_strv keys, values;
	int line, col;             /* the entry; 0 when a site generator gave it */
} kb_meta_default;
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
	kb_strv date_formats; /* tried after ISO 8601, before the default forms */
	kb_interval default_interval, due_soon, prose_max_age;
	char *links_root;     /* absolute; NULL: site-absolute links ("/x.html") are not checked */
	kb_strv ext_from, ext_to; /* a link ending in ext_from[i] may name a file ending in ext_to[i] */
	bool links_case_sensitive; /* false: links match files whatever their case (IIS, Azure) */
	char *facts_path;     /* the canonical facts file, relative to here; NULL when none */
	const struct kb_facts *facts; /* loaded by the CLI from facts_path; not owned */
	char *owners_path;    /* the owners roster, relative to here; NULL when none */
	const struct kb_roster *owners; /* loaded by the CLI from owners_path; not owned */
	/* `codeowners: true | PATH`: a CODEOWNERS file names the owner of articles whose
	 * metadata names none (codeowners.h) */
	bool use_codeowners;
	char *codeowners_path; /* the file the config names; NULL: kb_codeowners_find's */
	const struct kb_codeowners *codeowners; /* loaded by the CLI; not owned */
	/* `freshness.fallback: git`: an article with no review date field is judged by the date
	 * of its file's last commit (gitdates.h) */
	bool fallback_git;
	const struct kb_gitdates *gitdates; /* loaded by the CLI; NULL when git could not say;
					     * not owned */
	kb_strv publish;      /* globs of the articles that are published (default: all) */
	kb_strv fragments;    /* globs of files that other pages include (docfx includes/): their
			       * prose is checked, but they are no articles (no freshness, owner or
			       * metadata findings) */
	kb_strv rules;        /* paths as resolved against dir */
	char *rules_docs_url; /* where docs/rules.md is read (SARIF helpUri); NULL: the build's */
	kb_sev_override *severity;
	size_t nseverity;
	kb_override *overrides; /* per-file levels, applied in order after severity (suppress.h) */
	size_t noverrides;
	kb_audit_config audit;
	kb_export_config export_;  /* 'export' ("export" is a keyword of C++ headers) */
	/* The site generator (src/site): what .kblint.yaml leaves unset, it fills in. */
	char *site;           /* 'site' as written: NULL to detect, "none", or a generator's name */
	char *site_name;      /* the generator whose settings are in use, or NULL */
	char *site_file;      /* the generator's config file that was read (display path), or NULL */
	/* 'redirects': old -> new. A key starting with '/' is a site path ("/old/page/",
	 * resolved as site-absolute links are: against links.root or links.prefixes); any other
	 * key is a file path relative to dir ("Outlook/old-article.md": docfx's source_path).
	 * A value is a site path or a URL, as written. */
	kb_strv redirect_from, redirect_to;
	kb_strv link_ignore;  /* links.ignore: globs of link targets the site resolves itself */
	kb_strv link_anchors; /* links.anchors: anchors every page has ("content") */
	kb_strv prefix_from, prefix_to; /* links.prefixes: URL prefix "/docs/" -> absolute folder */
	bool pretty_urls;     /* links.pretty_urls: a/b.md is served at a/b/ */
	kb_meta_default *defaults; /* 'defaults', in order; the first entry that sets a field wins */
	size_t ndefaults;
	/* Where each value came from (kb_config_origin): parallel lists of keys ("links.root")
	 * and sources ("hugo.toml", ".kblint.yaml:12"); a key not listed has its default. */
	kb_strv origin_keys, origin_sources;
	unsigned markup;      /* KB_MARKUP_* bits: 'markup', or a detected site generator's */
} kb_config;

extern const char *const kb_config_default_name; /* ".kblint.yaml" */

/* Fills cfg with the defaults; dir is copied. */
void kb_config_defaults(kb_config *cfg, const char *dir);
/* True for an http or https URL with a host and no space, quote, '<', '>', '?', '#' or other
 * character a link could not hold as written (audit.base_url, rules_docs_url). */
bool kb_config_url_ok(const char *s);
/* Reads path over the defaults already in cfg. Returns 0, or -1 with messages in errs. */
int kb_config_load(kb_config *cfg, const char *path, kb_errs *errs);
/* kb_config_load of the text src[0..len), named path in messages (its folder, when path names
 * one that exists, is the config's folder). */
int kb_config_parse(kb_config *cfg, const char *path, const char *src, size_t len, kb_errs *errs);
/* The first .kblint.yaml in start or its ancestors, or NULL; caller frees. */
char *kb_config_find(const char *start);
void kb_config_free(kb_config *cfg);
const char *kb_role_name(kb_role r);
/* Records that key (a dotted config key, "links.root") was set by source ("hugo.toml",
 * ".kblint.yaml:12"), replacing an earlier source. */
void kb_config_set_origin(kb_config *cfg, const char *key, const char *source);
/* Where key's value came from, or NULL when it has its default. */
const char *kb_config_origin(const kb_config *cfg, const char *key);
/* True when the config file (not a default or a site generator) set key or, for "links",
 * any key below it: a generator must leave it alone. */
bool kb_config_user_set(const kb_config *cfg, const char *key);
/* The value a 'defaults' entry gives field for the article at rel (relative to dir), or NULL. */
const char *kb_config_default_meta(const kb_config *cfg, const char *rel, const char *field);
/* The address audit.owner_emails gives owner (compared exactly), or NULL. */
const char *kb_config_owner_email(const kb_config *cfg, const char *owner);
/* Appends the date forms cfg accepts as people write them: "YYYY-MM-DD" and each of
 * kb_config_date_format's ("YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY, D Month YYYY or Month D,
 * YYYY"). cfg may be NULL (the defaults). */
void kb_config_date_forms(const kb_config *cfg, kb_buf *out);
/* The i-th format that dates are read in after ISO 8601, or NULL past the last: first
 * cfg->date_formats, then the default forms (kb_date_defaults) but those an entry gives already
 * and those an entry reads the other way round (with '%d/%m/%Y' listed, 03/04/2024 is 3 April:
 * the default MM/DD/YYYY is left out). Static storage or cfg's. cfg may be NULL. */
const char *kb_config_date_format(const kb_config *cfg, size_t i);
/* For a date that no form of cfg reads: the date_formats entry that would read it as written
 * ("%d.%m.%Y" for "14.03.2024", in fmt) and the form as written ("DD.MM.YYYY", "D.M.YYYY" for
 * "4.3.2024", in human); false when no entry would, or when it would read cfg's dates another
 * way (DD/MM where MM/DD is listed). */
bool kb_config_date_hint(const kb_config *cfg, const char *s, size_t n, char fmt[32],
			 char human[48]);
/* The folder relative to the config's folder (heap; "" for that folder itself), resolved on
 * disk, as include globs see it; NULL when it is not below that folder or does not exist. */
char *kb_config_relative_dir(const kb_config *cfg, const char *folder);
/* The file at path relative to the config's folder (heap): its folder resolved on disk, its name
 * kept; NULL when it is not below that folder. */
char *kb_config_relative(const kb_config *cfg, const char *path);
/* Parses a date as ISO 8601 (YAML timestamps too), then with each kb_config_date_format.
 * Returns 0 on success. */
int kb_config_parse_date(const kb_config *cfg, const char *s, size_t n, kb_date *out);

#endif
