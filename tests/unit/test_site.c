/* test_site.c: what the Hugo, Jekyll, MkDocs and Docusaurus generators (src/site) read from the
 * fixture sites in fixtures/sites/: pages, URLs, prefixes, redirects, defaults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "harness.h"
#include "site.h"

static kb_config cfg;
static char dir[4096];

static void apply(const char *site, const char *gen)
{
	const char *root = getenv("KBLINT_SOURCE_ROOT");
	snprintf(dir, sizeof dir, "%s/fixtures/sites/%s", root ? root : ".", site);
	char *abs = kb_path_absolute(dir);
	snprintf(dir, sizeof dir, "%s", abs);
	free(abs);
	kb_config_free(&cfg);
	kb_config_defaults(&cfg, dir);
	kb_errs errs = {0};
	CHECK_EQ_INT(kb_site_apply(&cfg, dir, &errs), 0);
	CHECK_EQ_INT(errs.n, 0);
	kb_errs_free(&errs);
	CHECK_EQ_STR(cfg.site_name, gen);
}

static bool has(const kb_strv *v, const char *s)
{
	if (kb_strv_contains(v, s))
		return true;
	kb_test_fail(__FILE__, __LINE__, "'%s' is not in the list", s);
	return false;
}

/* The folder of the site joined with rel, as the prefixes hold it. */
static const char *in_site(const char *rel)
{
	static char buf[4200];
	snprintf(buf, sizeof buf, "%s%s%s", dir, *rel ? "/" : "", rel);
	return buf;
}

static void test_hugo(void)
{
	apply("hugo", "hugo");
	has(&cfg.include, "content/**/*.md");
	has(&cfg.exclude, "content/guide/draft.md");
	has(&cfg.exclude, "content/guide/future.md");
	has(&cfg.exclude, "content/guide/expired.md");
	CHECK(!kb_strv_contains(&cfg.exclude, "content/guide/toml.md"));
	has(&cfg.exclude, "content/_common/**");
	has(&cfg.exclude, "content/headless/**");
	has(&cfg.exclude, "content/bundle/resource.md");
	CHECK_EQ_INT(cfg.link_ignore.n, 0); /* no bare target used on 5 pages */
	CHECK(!kb_strv_contains(&cfg.exclude, "content/bundle/index.md"));
	CHECK(cfg.pretty_urls);
	CHECK(!cfg.links_case_sensitive);
	CHECK_EQ_STR(cfg.links_root, in_site("content"));
	CHECK_EQ_INT(cfg.prefix_from.n, 1);
	if (cfg.prefix_from.n == 1) {
		CHECK_EQ_STR(cfg.prefix_from.v[0], "/docs/");
		CHECK_EQ_STR(cfg.prefix_to.v[0], in_site("content"));
	}
	const char *o = kb_config_origin(&cfg, "links.prefixes");
	CHECK(o && strlen(o) >= 20 && strcmp(o + strlen(o) - 20, "sites/hugo/hugo.toml") == 0);
}

/* YAML config in config/_default/ (languages.yaml read as 'languages'), two languages, a link
 * render hook in layouts/ */
static void test_hugo_multi(void)
{
	apply("hugo-multi", "hugo");
	has(&cfg.include, "content/en/**/*.md");
	has(&cfg.include, "content/fr/**/*.md");
	CHECK(!kb_strv_contains(&cfg.include, "content/**/*.md"));
	CHECK(!cfg.pretty_urls);          /* uglyURLs: true */
	CHECK(cfg.links_case_sensitive);  /* disablePathToLower: true */
	CHECK_EQ_STR(cfg.links_root, in_site("content/en"));
	CHECK_EQ_INT(cfg.prefix_from.n, 1);
	if (cfg.prefix_from.n == 1) {
		CHECK_EQ_STR(cfg.prefix_from.v[0], "/fr/");
		CHECK_EQ_STR(cfg.prefix_to.v[0], in_site("content/fr"));
	}
	/* 'g' on 7 pages is the render hook's; 'gone' on one page is a broken link */
	has(&cfg.link_ignore, "g");
	CHECK(!kb_strv_contains(&cfg.link_ignore, "gone"));
	CHECK(!kb_strv_contains(&cfg.exclude, "content/_index.md")); /* the page set is include's */
}

static void test_jekyll(void)
{
	apply("jekyll", "jekyll");
	has(&cfg.exclude, "_drafts/**");
	has(&cfg.exclude, "_notes/**");
	has(&cfg.exclude, "_includes/**");
	has(&cfg.exclude, "docs/hidden.md");
	has(&cfg.exclude, "_posts/2999-01-01-later.md");
	has(&cfg.exclude, "notes-private.md");
	has(&cfg.exclude, "vendor/**");
	has(&cfg.exclude, "README.md"); /* no front matter, a repository file */
	CHECK(!kb_strv_contains(&cfg.exclude, "plain.md"));
	CHECK(!kb_strv_contains(&cfg.exclude, "_posts/**"));
	CHECK(!kb_strv_contains(&cfg.exclude, "_recipes/**"));
	CHECK(cfg.pretty_urls);
	CHECK_EQ_INT(cfg.prefix_from.n, 1);
	if (cfg.prefix_from.n == 1)
		CHECK_EQ_STR(cfg.prefix_from.v[0], "/handbook/");
	CHECK_EQ_STR(kb_config_default_meta(&cfg, "docs/guide.md", "owner"), "docs-team");
	CHECK(kb_config_default_meta(&cfg, "index.md", "owner") == NULL);
}

/* source: site, and a permalink pattern that serves pages as .html */
static void test_jekyll_date(void)
{
	apply("jekyll-date", "jekyll");
	has(&cfg.include, "site/**/*.md");
	CHECK(!cfg.pretty_urls);
	CHECK_EQ_STR(cfg.links_root, in_site("site"));
	bool md = false;
	for (size_t i = 0; i < cfg.ext_from.n; i++)
		md = md || (strcmp(cfg.ext_from.v[i], ".html") == 0 && strcmp(cfg.ext_to.v[i], ".md") == 0);
	CHECK(md);
	CHECK_EQ_INT(cfg.prefix_from.n, 0);
}

static void test_mkdocs(void)
{
	apply("mkdocs", "mkdocs");
	has(&cfg.include, "site-docs/**/*.md");
	has(&cfg.exclude, "site-docs/**/drafts/");
	has(&cfg.exclude, "site-docs/**/*.tmp.md");
	has(&cfg.exclude, "site-docs/templates/**");
	CHECK(!cfg.pretty_urls); /* use_directory_urls: false */
	CHECK_EQ_STR(cfg.links_root, in_site("site-docs"));
	CHECK_EQ_INT(cfg.redirect_from.n, 2);
	if (cfg.redirect_from.n == 2) {
		CHECK_EQ_STR(cfg.redirect_from.v[0], "old.md");
		CHECK_EQ_STR(cfg.redirect_to.v[0], "guide/install.md");
		CHECK_EQ_STR(cfg.redirect_to.v[1], "https://example.org/elsewhere/");
	}
	CHECK_EQ_INT(cfg.prefix_from.n, 1);
	if (cfg.prefix_from.n == 1)
		CHECK_EQ_STR(cfg.prefix_from.v[0], "/manual/");
}

static void test_docusaurus(void)
{
	apply("docusaurus", "docusaurus");
	has(&cfg.include, "guides/**/*.md");
	has(&cfg.include, "blog/**/*.mdx");
	has(&cfg.include, "versioned_docs/version-1.0/**/*.md");
	has(&cfg.include, "src/pages/**/*.md");
	CHECK(!kb_strv_contains(&cfg.include, "docs/**/*.md"));
	has(&cfg.exclude, "guides/intro/draft.md");
	has(&cfg.exclude, "guides/_partial.mdx");
	has(&cfg.fields[KB_ROLE_SLUG], "id");
	CHECK(cfg.pretty_urls);
	has(&cfg.prefix_from, "/site/handbook/");
	has(&cfg.prefix_from, "/site/blog/");
	has(&cfg.prefix_from, "/site/handbook/1.0/");
	/* a second docs plugin instance */
	has(&cfg.include, "community/**/*.md");
	has(&cfg.prefix_from, "/site/community/");
}

int main(int argc, char **argv)
{
	(void)argc;
	test_hugo();
	test_hugo_multi();
	test_jekyll();
	test_jekyll_date();
	test_mkdocs();
	test_docusaurus();
	kb_config_free(&cfg);
	return kb_test_report(argv[0]);
}
