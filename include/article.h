/* article.h: loaded files and articles: metadata, body, prose blocks, links, positions. */
#ifndef KB_ARTICLE_H
#define KB_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "date.h"
#include "linemap.h"
#include "yamltree.h"

/* Where a piece of prose comes from. Code and HTML are kept in the text so sentences stay whole,
 * but no rule may report a match that touches them. */
typedef enum {
	KB_SCOPE_PROSE = 1 << 0,
	KB_SCOPE_HEADINGS = 1 << 1,
	KB_SCOPE_LINK_TEXT = 1 << 2,
	KB_SCOPE_LINK_TARGET = 1 << 3,
	KB_SCOPE_FRONT_MATTER = 1 << 4,
	KB_SCOPE_COMMENTS = 1 << 5, /* the text of HTML comments */
	KB_SCOPE_CODE = 1 << 6, /* never matched */
	/* with KB_SCOPE_CODE: template or directive markup a site generator replaces ("{{< x >}}",
	 * "{% tag %}", "<%= x %>", ":::image ...:::", "[!NOTE]"; src/load/markup.c), never matched
	 * and never inline HTML */
	KB_SCOPE_MARKUP = 1 << 7,
	/* with KB_SCOPE_PROSE: a label, not a sentence: a short bold UI name ("Select **This
	 * month**", "the **Best** option"), a table's header row, or a quoted message (a block
	 * quote after "you receive the following error message:"; src/load/labels.c). Only rules
	 * whose scope names "labels" report a match that touches one. */
	KB_SCOPE_LABEL = 1 << 8,
} kb_scope;

typedef struct {
	size_t off, len;  /* in the block's text */
	unsigned scope;   /* one kb_scope bit (markup: KB_SCOPE_CODE | KB_SCOPE_MARKUP; a label:
			   * KB_SCOPE_PROSE | KB_SCOPE_LABEL); 0 for a line break */
	int line, col;    /* body position of the source of the piece (cmark: line, byte column) */
} kb_piece;

/* The inline text of one paragraph or heading, in reading order. */
typedef struct {
	char *text;       /* NUL-terminated */
	size_t len;
	kb_piece *pieces;
	size_t npieces;
	int heading;      /* the heading's level (1-6), or 0 for a paragraph */
} kb_block;

typedef struct {
	const char *url;
	int line, col;    /* file position of the link */
	bool image;
	bool ref;         /* a Hugo "ref"/"relref" shortcode: url is the page path (and "#anchor")
			   * it names, resolved as Hugo does (relative to the page, from the
			   * content root with a leading '/', else by a unique file name); or a
			   * Jekyll "{% link path %}": url is "/path", from the site's root */
} kb_link;

/* A docfx "[!INCLUDE[title](path)]": the included file's headings are the article's too. */
typedef struct {
	const char *path; /* as written, relative to the article */
	int line, col;    /* file position of the "[!INCLUDE" */
} kb_include;

/* "<!-- kblint: valid-until 2026-06-30 -->" before a paragraph. */
typedef struct {
	kb_date valid_until;
	bool valid;       /* false: the date did not parse */
	const char *text; /* the date as written */
	int line, col;    /* the paragraph's start in the file */
} kb_marker;

/* An HTML comment whose text starts with "kblint-" ("<!-- kblint-disable-next-line RULE -->"):
 * a suppression, as written. suppressions.c reads it into kb_suppression; no rule sees its
 * text. */
typedef struct {
	const char *text; /* between "<!--" and "-->" (or the block's end), NUL-terminated */
	int line, col;    /* file position of its "<!--" */
	int end_line;     /* file line where it ends */
	long off;         /* file byte offset of text when the file holds the comment there byte
			   * for byte (so each word's position is known), else -1 */
	bool shown;       /* Markdown shows it as text (an inline comment holding "--") */
} kb_directive;

/* The suppressions of an article, read from its kblint comments and its metadata's kblint key
 * when it is loaded (src/load/suppressions.c). Rule ids are kept as written: the load layer knows
 * no rules; the suppression kind reports unknown ones, and the engine filters findings through
 * the rest. */
typedef enum {
	KB_SUP_DISABLE,      /* "kblint-disable [RULE,...]": a block, up to a kblint-enable */
	KB_SUP_ENABLE,       /* "kblint-enable [RULE,...]": ends a block */
	KB_SUP_LINE,         /* "kblint-disable-line": the comment's own lines */
	KB_SUP_NEXT_LINE,    /* "kblint-disable-next-line": the next line that holds text */
	KB_SUP_ARTICLE,      /* front matter "kblint: {disable: [RULE, ...]}": the whole article */
	KB_SUP_COUNT
} kb_sup_kind;

/* How each kb_sup_kind is written, in kb_sup_kind order ("kblint-disable", ...,
 * "kblint.disable"). */
extern const char *const kb_sup_names[KB_SUP_COUNT];

/* One rule a suppression names, or every rule (rule NULL). */
typedef struct {
	const char *rule;  /* as written, in the article's arena */
	kb_pos at;         /* where the id is written; for every rule, where the directive is */
	bool used;         /* it held back a finding: set by the engine's filter, on its copy */
} kb_sup_entry;

typedef struct {
	kb_sup_kind kind;
	kb_pos at;         /* the comment's "<!--", or the metadata's kblint key */
	int from, to;      /* file lines covered: a block's bounds (its article), an article's
			    * lines, a line comment's own lines, or the line after (none: to < from) */
	bool ok;           /* read without a mistake (kb_suppression_active) */
	bool has_until;    /* until=DATE (or kblint.until) was given, and is a date */
	kb_date until;
	const char *reason; /* after "--" on one line, or kblint.reason; NULL when none */
	const char *owner; /* the article's owner, for findings about the suppression */
	kb_sup_entry *entries;
	size_t nentries;
} kb_suppression;

/* A mistake in how a suppression is written (what suppression-invalid reports). */
typedef struct {
	kb_pos at;
	const char *problem;
} kb_sup_mistake;

/* True when d suppresses on day today: it was read without a mistake and has not expired. */
bool kb_suppression_active(const kb_suppression *d, kb_date today);

/* A date field as resolved through a role. KB_FIELD_GIT (the reviewed role only): the article has
 * no such field, and freshness.fallback: git took the date of its file's last commit (key and
 * node are NULL). */
typedef enum {
	KB_FIELD_MISSING,
	KB_FIELD_EMPTY,
	KB_FIELD_OK,
	KB_FIELD_INVALID,
	KB_FIELD_GIT,
} kb_field_state;

/* With freshness.fallback: git and no review date field: why git gave no date. */
typedef enum {
	KB_HISTORY_UNUSED,    /* no fallback asked for, or the article has a review date field, or
			       * git could not be read at all (said once, on stderr) */
	KB_HISTORY_USED,      /* reviewed.state is KB_FIELD_GIT */
	KB_HISTORY_SHALLOW,   /* a shallow clone: its history starts after the last change */
	KB_HISTORY_NONE,      /* git has no commit of the file (untracked, not committed yet) */
} kb_history;
typedef struct {
	kb_field_state state;
	const char *key;          /* the field name used */
	const kb_ynode *node;     /* its value */
	kb_date date;             /* dates */
	kb_interval interval;     /* intervals */
} kb_field;

/* One file as read. Owns its bytes and line table. */
typedef struct {
	char *path;         /* display path */
	size_t index;       /* position in the walk */
	char *src;
	size_t len;
	size_t bom;         /* 3 when the file starts with a UTF-8 BOM */
	kb_linemap lines;
} kb_file;

typedef struct kb_article {
	kb_file *file;
	kb_arena arena;          /* everything below lives here */
	int line, col;           /* where the article starts (findings about missing fields) */
	const kb_ynode *meta;    /* mapping of front matter or YAML entry, or NULL */
	const char *body;
	size_t body_len;
	/* Body line i+1 starts at file byte body_lines[i]; when NULL every body position maps to
	 * (fixed_line, fixed_col) (a folded or quoted YAML value). */
	const size_t *body_lines; /* in the article's arena, or the file's line table (markdown.c) */
	size_t nbody_lines;
	int fixed_line, fixed_col;
	kb_block *blocks;
	size_t nblocks;
	kb_link *links;
	size_t nlinks;
	const char **anchors;    /* explicit ids in HTML (id="..", name=".."), docfx tab ids */
	size_t nanchors;
	kb_include *includes;    /* docfx includes, in file order */
	size_t nincludes;
	unsigned markup;         /* the config's KB_MARKUP_* bits, set before the body is parsed */
	kb_marker *markers;
	size_t nmarkers;
	kb_directive *directives; /* kblint-disable comments, in document order */
	size_t ndirectives;
	/* What the metadata's kblint key and the directives say, in that order, and their
	 * mistakes in the order found (kb_load_buffer reads them once the file's articles are
	 * known: a suppression covers at most its article's lines). */
	kb_suppression *suppressions;
	size_t nsuppressions;
	kb_sup_mistake *sup_mistakes;
	size_t nsup_mistakes;
	/* A file's article-like parts: a YamlMime:FAQ file gives one article per question (and one
	 * for its summary) that share the file's `metadata`; every one after the first has
	 * meta_shared set, and the metadata kinds (freshness, status, schema) and front-matter
	 * scopes skip it, so that the file's metadata is judged once. A page (a docfx landing
	 * page, hub or TOC) is no article: only its links are kept for the link rules. */
	bool meta_shared;
	bool page;
	/* Roles resolved from metadata. */
	const char *owner;       /* NULL when unknown */
	const char *status;      /* NULL when none */
	bool fragment;           /* a part other pages include (config 'fragments', or docfx's
				  * "ms.topic: include"): prose only, no metadata checks */
	kb_field reviewed, interval, expires;
	/* Keys given more than once in meta (its last value is the one kept), in the order found;
	 * the array lives in the arena, the entries with the tree. */
	const kb_ydup **dups;
	size_t ndups;
	kb_history history;      /* freshness.fallback: git: where reviewed came from */
	/* The earliest deadline stated in the text that is still ahead ("valid until March 31,
	 * 2027"), set by the temporal rules with check deadline as they read it (kblint export's
	 * valid_until); 0 when none was read. */
	kb_date deadline_ahead;
	/* An FAQ entry (faq.c): its question on one line, and where its answer starts in body
	 * (the body is "### QUESTION\n\nANSWER"); NULL and 0 for any other article. */
	const char *question;
	size_t answer_off;
} kb_article;

/* Maps a body position (line, byte column, as cmark reports them) to a file line:column. */
void kb_article_body_pos(const kb_article *a, int line, int bytecol, int *fline, int *fcol);
/* Maps an offset in a block's text to a file line:column. */
void kb_article_text_pos(const kb_article *a, const kb_block *b, size_t off, int *line, int *col);
/* Scope bits of the pieces that [off, off+len) touches. */
unsigned kb_block_scopes(const kb_block *b, size_t off, size_t len);
/* The first of the config's `publish` globs that matches the article's path (relative to the
 * config's folder), or NULL when it is not published. Points into cfg. */
const char *kb_article_published(const kb_config *cfg, const kb_article *a);
/* True for archived, deprecated and obsolete articles. */
bool kb_article_retired(const kb_article *a);
/* The review due date (reviewed + the article's interval, else the default); false when the
 * reviewed date or the interval is missing or invalid. A date from git (KB_FIELD_GIT) counts. */
bool kb_article_due(const kb_article *a, const kb_config *cfg, kb_date *due);

/* A file's articles, or why it could not be loaded. */
typedef struct {
	kb_file *file;
	kb_arena arena;        /* what the file's articles share (a YAML file's document) */
	kb_article **articles;
	size_t narticles;
	int err_line, err_col; /* when loading failed */
	char *err;             /* NULL when loading worked */
	/* Keys given more than once in the file's metadata (kb_ytree_keep_last), where its tree
	 * lives; kb_load_buffer hands each to the article whose metadata holds it. */
	kb_ydup *dups;
	size_t ndups;
} kb_loaded;

typedef enum { KB_TYPE_MARKDOWN, KB_TYPE_YAML } kb_filetype;

/* Limits: files larger than this are refused with a message rather than read. */
enum { KB_MAX_FILE_BYTES = 256 * 1024 * 1024 };

/* Reads and parses one file. Always returns a kb_loaded to free with kb_loaded_free. */
kb_loaded *kb_load_file(const char *fs_path, const char *display, size_t index, kb_filetype type,
			const kb_config *cfg);
/* The same for a buffer already in memory; src (heap, NUL-terminated) is taken over. */
kb_loaded *kb_load_buffer(char *src, size_t len, const char *display, size_t index,
			  kb_filetype type, const kb_config *cfg);
void kb_loaded_free(kb_loaded *l);
kb_filetype kb_filetype_of(const char *path);

/* The value at a field path of the config's `fields` in map, or NULL: a key of map, else a
 * dotted path into nested mappings ("metadata.ms.date"), each level taking the longest key
 * that matches (so "ms.date" is one key). *key (when key is set) gets the last key node, or
 * NULL when the path is not there. */
const kb_ynode *kb_meta_path(const kb_ynode *map, const char *path, const kb_ynode **key);

#endif
