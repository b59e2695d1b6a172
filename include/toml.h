/* toml.h: a reader for the subset of TOML that site configs and Hugo front matter use
 * (src/util/toml.c); used by src/site, src/load (TOML front matter), tests and fuzz.
 *
 * The result is a flat table of dotted keys: "baseURL", "languages.en.contentDir",
 * "permalinks.posts". The elements of an array of tables ([[module.mounts]]) are numbered from 0:
 * "module.mounts.1.source". Read: comments; bare, quoted and dotted keys; [table] and
 * [[array]] headers; values that are basic ("...", with escapes) and literal ('...') strings,
 * one-line or multi-line ("""...""", '''...'''), booleans, integers (decimal, 0x, 0o, 0b, with
 * '_'), floats, dates and times (kept as written), arrays whose elements are all strings, and
 * inline tables ({a = 'x'}, their keys below the key). Anything else (arrays of other values,
 * text that is not TOML) is
 * skipped to the end of its value or line and counted in 'skipped': the reader never fails.
 * Site generators use the same table for YAML and JSON configs and front matter
 * (site_flatten_yaml, site_flatten_json), so one lookup reads them all. */
#ifndef KB_TOML_H
#define KB_TOML_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum {
	KB_TOML_STRING, KB_TOML_BOOL, KB_TOML_INT, KB_TOML_STRINGS,
	KB_TOML_DATE,  /* a date, time or date-time, kept as written */
	KB_TOML_FLOAT, /* kept as written */
} kb_toml_type;

typedef struct {
	char *key;        /* dotted path; a quoted part is kept as written inside its quotes */
	kb_toml_type type;
	char *str;        /* STRING: the value; others but STRINGS: as written ("true", "42") */
	bool flag;        /* BOOL */
	long long num;    /* INT */
	kb_strv strs;     /* STRINGS */
	int line;         /* 1-based line of the key */
	int vline, col;   /* where the value starts (col 1-based, in characters); 0 when the
			   * entry did not come from TOML text */
	bool quoted;      /* a one-line string, between quotes */
	bool multiline;   /* a multi-line string */
} kb_toml_entry;

/* The entries in the order they were read. The table owns everything in it. */
typedef struct {
	kb_toml_entry *v;
	size_t n, cap;
	size_t skipped;   /* values or lines that were not read */
	int skipped_line; /* the first of them, 0 when none */
} kb_toml;

/* Limits, so hostile input costs bounded time and memory. */
enum {
	KB_TOML_MAX_DEPTH = 32,     /* inline tables inside inline tables: deeper is skipped */
	KB_TOML_MAX_KEY = 1024,     /* a longer dotted key is skipped */
	KB_TOML_MAX_ENTRIES = 100000, /* further entries are skipped */
};

/* Reads text[0..len) (need not be NUL-terminated) into out, which must be zeroed or freed. */
void kb_toml_parse(const char *text, size_t len, kb_toml *out);
/* The last entry named key (TOML forbids repeats; YAML's loaders keep the last), or NULL. */
const kb_toml_entry *kb_toml_get(const kb_toml *t, const char *key);
/* key's value when it is a string (or a boolean or integer, as written), else NULL. */
const char *kb_toml_str(const kb_toml *t, const char *key);
/* 1 when key is true (a boolean, or the string "true"), 0 when false, -1 when absent or other. */
int kb_toml_bool(const kb_toml *t, const char *key);
/* Adds an entry (copies key and str); used by the YAML and JSON flatteners. */
kb_toml_entry *kb_toml_add(kb_toml *t, const char *key, kb_toml_type type, const char *str,
			   int line);
void kb_toml_free(kb_toml *t);

#endif
