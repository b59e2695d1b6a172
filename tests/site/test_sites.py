#!/usr/bin/python3
"""Site generators as the CLI shows them (tests/site): the GOV.UK tech-docs and Middleman fixture
sites (fixtures/sites/) with golden findings, the summary naming the generator, kblint check
--show-config with each value's origin, and kblint init. KBLINT names the binary under test.

    test_sites.py [--update]   (--update rewrites the golden .out files: read the diff)
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

try:
    import yaml  # PyYAML: where installed, --show-config's output is parsed as YAML too
except ImportError:
    yaml = None

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SITES = os.path.join(ROOT, "fixtures", "sites")
TECHDOCS = os.path.join(SITES, "techdocs")
MIDDLEMAN = os.path.join(SITES, "middleman")
SAMPLE = os.path.join(ROOT, "fixtures", "sample-kb")
TODAY = "2026-11-25"
UPDATE = False
REFUSED = ("kblint: .kblint.yaml already exists; kblint init never overwrites it (edit it, or "
           "remove it and run kblint init again)\n")


def run(*args, cwd=None):
    """kbtest.run, NO_COLOR removed, as (status, stdout, stderr)."""
    p = kbtest.run(args, cwd=cwd, color=True)
    return p.returncode, p.stdout, p.stderr


def findings(cwd, *extra):
    code, out, err = run("check", "--today", TODAY, "-f", "json", *extra, cwd=cwd)
    assert code in (0, 1) and not err, (code, err)
    return json.loads(out)


class Tmp(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def copy(self, site):
        dst = os.path.join(self.dir, os.path.basename(site))
        shutil.copytree(site, dst)
        return dst


class Golden(unittest.TestCase):
    """The fixture sites' findings, as text, equal their .out files beside this script."""

    def golden(self, site, name):
        code, out, err = run("check", "--today", TODAY, "--no-color", cwd=site)
        got = out + err + "exit: %d\n" % code
        path = os.path.join(HERE, name + ".out")
        if UPDATE:
            with open(path, "w") as f:
                f.write(got)
        with open(path) as f:
            self.assertEqual(got, f.read())

    def test_techdocs(self):
        self.golden(TECHDOCS, "techdocs")

    def test_middleman(self):
        self.golden(MIDDLEMAN, "middleman")


class TechDocs(unittest.TestCase):
    def setUp(self):
        self.doc = findings(TECHDOCS)

    def test_pages_only(self):
        # the four pages under source/; not README.md, the partial, the layout or the config
        self.assertEqual(self.doc["files_checked"], 4)
        files = {f["file"] for f in self.doc["findings"]}
        self.assertTrue(all(f.startswith("source/") and "_footer" not in f for f in files), files)

    def test_owner_default_and_page_owner(self):
        owners = {f["file"]: f.get("owner") for f in self.doc["findings"]}
        # default_owner_slack for a page without owner_slack; the page's own owner_slack wins
        self.assertEqual(owners["source/documentation/undated.html.markerb"], "#example-docs")
        self.assertEqual(owners["source/documentation/start.html.md.erb"], "#example-onboarding")

    def test_freshness(self):
        rules = {(f["file"], f["rule"]) for f in self.doc["findings"]}
        self.assertIn(("source/documentation/start.html.md.erb", "review-overdue"), rules)
        self.assertIn(("source/documentation/undated.html.markerb", "reviewed-missing"), rules)
        # status: retired: no freshness finding although reviewed long ago
        self.assertFalse([r for r in rules if r[0] == "source/documentation/retired.html.md"])
        self.assertNotIn(("source/index.html.md.erb", "review-overdue"), rules)

    def test_html_links_name_pages(self):
        # /documentation/start.html is source/documentation/start.html.md.erb: no missing file
        missing = [f["message"] for f in self.doc["findings"] if f["rule"] == "link-missing-file"]
        for page in ("/documentation/start.html", "../index.html", "documentation/retired.html"):
            self.assertNotIn("link target '%s' does not exist" % page, missing)
        self.assertIn("link target '/documentation/missing.html' does not exist", missing)

    def test_json_names_the_site(self):
        self.assertEqual(self.doc["site"], {"generator": "techdocs",
                                            "config": "config/tech-docs.yml"})


class Summary(unittest.TestCase):
    def test_site_line(self):
        code, out, _ = run("check", "--today", TODAY, "--no-color", cwd=TECHDOCS)
        self.assertEqual(code, 1)
        lines = out.splitlines()
        i = lines.index("Site: GOV.UK tech-docs (config/tech-docs.yml)")
        self.assertTrue(lines[i + 1].startswith("7 findings in 3 of 4 files"), lines[i + 1])

    def test_no_site_no_line(self):
        code, out, _ = run("check", "--today", TODAY, "--no-color", "--no-config", SAMPLE,
                           cwd=ROOT)
        self.assertNotIn("Site:", out)
        doc = findings(ROOT, "--no-config", SAMPLE)
        self.assertNotIn("site", doc)

    def test_quiet(self):
        _, out, _ = run("check", "--today", TODAY, "-q", "--no-color", cwd=TECHDOCS)
        self.assertNotIn("Site:", out)

    def test_site_none(self):
        code, out, err = run("check", "--today", TODAY, "--no-color", "--config",
                             os.path.join(HERE, "site-none.kblint"), cwd=TECHDOCS)
        self.assertNotIn("Site:", out)


class ShowConfig(Tmp):
    def test_origins(self):
        site = self.copy(TECHDOCS)
        with open(os.path.join(site, ".kblint.yaml"), "w") as f:
            f.write("# one detected value overridden\nlinks:\n  anchors: [main]\n")
        code, out, err = run("check", "--show-config", cwd=site)
        self.assertEqual((code, err), (0, ""))
        lines = out.splitlines()
        for want in [
            "# config file: .kblint.yaml",
            'site: "techdocs"  # detected: config/tech-docs.yml',
            'include: ["source/**/*.html.md.erb", "source/**/*.html.md", '
            '"source/**/*.html.markerb"]  # config/tech-docs.yml',
            'exclude: ["**/CODE_OF_CONDUCT.md", "**/CONTRIBUTING.md", "**/SECURITY.md", '
            '"**/SUPPORT.md", "**/LICENSE*.md", "**/ThirdPartyNotices.md", '
            '"**/PULL_REQUEST_TEMPLATE.md", "**/ISSUE_TEMPLATE/**", "**/_*", "source/layouts/**"]'
            '  # config/tech-docs.yml',
            'publish: ["**"]  # default',
            'links:  # .kblint.yaml:2',
            '  root: "source"  # config/tech-docs.yml',
            '  extensions: {".html": [".html.md.erb", ".html.md", ".html.markerb"]}'
            '  # config/tech-docs.yml',
            '  anchors: ["main"]  # .kblint.yaml:3',
            '  case_sensitive: true  # default',
            'redirects:  # config/tech-docs.yml; 2 redirects',
            '  "/old-start.html": "/documentation/start.html"',
            '  - files: ["**"]  # config/tech-docs.yml',
            '    values: {"owner_slack": "#example-docs"}',
            '  default_interval: "6 months"  # default',
            '  base_url: "https://docs.example.gov.uk"  # config/tech-docs.yml',
            '  aliases: ["aliases", "redirect_from", "old_paths"]  # config/tech-docs.yml',
        ]:
            self.assertIn(want, lines)
        # nothing checked
        self.assertNotIn("findings", out)
        if yaml:  # and it is YAML, with the values as they are
            doc = yaml.safe_load(out)
            self.assertEqual(doc["links"]["anchors"], ["main"])
            self.assertEqual(doc["redirects"]["/gone.html"], "https://www.example.org/elsewhere.html")

    def test_config_wins_and_site_named(self):
        site = self.copy(TECHDOCS)
        with open(os.path.join(site, ".kblint.yaml"), "w") as f:
            f.write("site: techdocs\ninclude: ['source/index.html.md.erb']\n"
                    "freshness:\n  due_soon: 30 days\n")
        code, out, err = run("check", "--show-config", cwd=site)
        self.assertEqual((code, err), (0, ""))
        lines = out.splitlines()
        self.assertIn('site: "techdocs"  # .kblint.yaml:1', lines)
        self.assertIn('include: ["source/index.html.md.erb"]  # .kblint.yaml:2', lines)
        self.assertIn('  due_soon: "30 days"  # .kblint.yaml:4', lines)
        self.assertIn('  prose_max_age: "1 year"  # default', lines)

    def test_no_site(self):
        code, out, err = run("check", "--show-config", "--no-config", SAMPLE, cwd=ROOT)
        self.assertEqual((code, err), (0, ""))
        self.assertIn('site: "none"  # default: none detected', out.splitlines())
        self.assertIn('include: ["**/*.md", "**/*.markdown", "**/*.yaml", "**/*.yml"]  # default',
                      out.splitlines())

    def test_hostile_values_escaped(self):
        site = self.copy(TECHDOCS)
        with open(os.path.join(site, "config", "tech-docs.yml"), "a") as f:
            f.write('  "/evil\u202e.html": "/x\\u009b31m.html"\n')
        with open(os.path.join(site, ".kblint.yaml"), "w") as f:
            f.write('exclude: ["a\\u001b[31mred", "b\\"q"]\n')
        code, out, err = run("check", "--show-config", cwd=site)
        self.assertEqual((code, err), (0, ""))
        for bad in ("\x1b", "\u202e", "\x9b"):
            self.assertNotIn(bad, out)
        self.assertIn('exclude: ["a\\x1B[31mred", "b\\"q"]  # .kblint.yaml:1', out.splitlines())
        self.assertIn('  "/evil\\u202E.html": "/x\\x9B31m.html"', out.splitlines())
        if yaml:  # escaped, not lost
            doc = yaml.safe_load(out)
            self.assertEqual(doc["exclude"], ["a\x1b[31mred", 'b"q'])
            self.assertEqual(doc["redirects"]["/evil\u202e.html"], "/x\x9b31m.html")

    def test_long_redirect_list_truncated(self):
        site = self.copy(TECHDOCS)
        with open(os.path.join(site, "config", "tech-docs.yml"), "a") as f:
            for i in range(30):
                f.write("  /old-%d.html: /documentation/start.html\n" % i)
        code, out, _ = run("check", "--show-config", cwd=site)
        self.assertEqual(code, 0)
        self.assertIn("redirects:  # config/tech-docs.yml; 32 redirects", out)
        self.assertIn("  # ... and 12 more\n", out)

    def test_only_for_check(self):
        code, _, err = run("rules", "--show-config")
        self.assertEqual(code, 2)
        self.assertIn("option '--show-config' does not apply to this command", err)


class Init(Tmp):
    def test_writes_and_refuses(self):
        site = self.copy(TECHDOCS)
        before = findings(site)
        code, out, err = run("init", cwd=site)
        self.assertEqual((code, err), (0, ""))
        path = os.path.join(site, ".kblint.yaml")
        with open(path) as f:
            text = f.read()
        self.assertEqual(out, "Wrote .kblint.yaml:\n\n" + text)
        self.assertIn("# Site generator: GOV.UK tech-docs, detected from config/tech-docs.yml.\n",
                      text)
        self.assertIn("site: techdocs\n", text)
        self.assertIn('  root: "source"  # from config/tech-docs.yml\n', text)
        self.assertIn("#   2 redirects, from config/tech-docs.yml\n", text)
        self.assertIn("# freshness:\n#   default_interval: 6 months", text)
        # the written config is valid and changes nothing
        after = findings(site)
        self.assertEqual(before["findings"], after["findings"])
        self.assertEqual(before["files_checked"], after["files_checked"])
        code, out, _ = run("check", "--show-config", cwd=site)
        self.assertIn("# config file: .kblint.yaml", out)
        self.assertIn('  root: "source"  # .kblint.yaml:', out)
        # never overwritten
        code, out, err = run("init", cwd=site)
        self.assertEqual((code, out, err), (2, "", REFUSED))
        with open(path) as f:
            self.assertEqual(f.read(), text)

    def test_hostile_values(self):
        site = self.copy(TECHDOCS)
        path = os.path.join(site, "config", "tech-docs.yml")
        text = open(path).read().replace('default_owner_slack: "#example-docs"',
                                         'default_owner_slack: "#evil\\u202e\\x9b"')  # escapes
        with open(path, "w") as f:
            f.write(text)
        code, out, err = run("init", cwd=site)
        self.assertEqual((code, err), (0, ""))
        written = open(os.path.join(site, ".kblint.yaml"), encoding="utf-8").read()
        for bad in ("\u202e", "\x9b"):
            self.assertNotIn(bad, out)
            self.assertNotIn(bad, written)
        self.assertIn("#   owner_slack: #evil\ufffd\ufffd for ** unless the page sets it\n", written)

    def test_path_argument(self):
        site = self.copy(MIDDLEMAN)
        code, out, err = run("init", "middleman", cwd=self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assertTrue(out.startswith("Wrote middleman/.kblint.yaml:\n"))
        with open(os.path.join(site, ".kblint.yaml")) as f:
            text = f.read()
        self.assertIn("site: middleman\n", text)
        self.assertIn("  pretty_urls: true  # from config.rb\n", text)
        code, _, err = run("init", "middleman", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: middleman/.kblint.yaml already exists; kblint init never "
                              "overwrites it (edit it, or remove it and run kblint init again)\n")

    def test_no_site(self):
        code, out, err = run("init", cwd=self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assertIn("# No site generator detected", out)
        code, out, err = run("check", "--show-config", cwd=self.dir)
        self.assertEqual((code, err), (0, ""))

    def test_errors(self):
        code, out, err = run("init", "nowhere", cwd=self.dir)
        self.assertEqual((code, out, err), (2, "", "kblint: nowhere: no such folder\n"))
        code, _, err = run("init", "--today", "2026-01-01", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertIn("option '--today' does not apply to this command", err)
        code, _, err = run("init", "a", "b", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertFalse(os.path.exists(os.path.join(self.dir, ".kblint.yaml")))


class BadSiteConfig(Tmp):
    def test_invalid_yaml_stops_the_run(self):
        site = self.copy(TECHDOCS)
        with open(os.path.join(site, "config", "tech-docs.yml"), "w") as f:
            f.write("host: [unclosed\n")
        code, out, err = run("check", cwd=site)
        self.assertEqual((code, out), (2, ""))
        self.assertTrue(err.startswith("config/tech-docs.yml:2:1: error: invalid YAML: "), err)

    def test_not_a_mapping(self):
        site = self.copy(TECHDOCS)
        with open(os.path.join(site, "config", "tech-docs.yml"), "w") as f:
            f.write("- a list\n")
        code, out, err = run("check", "--show-config", cwd=site)
        self.assertEqual((code, out, err), (2, "", "config/tech-docs.yml:1:1: error: the tech-docs "
                                                   "settings must be a mapping of keys, not a list\n"))

    def test_site_none_ignores_it(self):
        site = self.copy(TECHDOCS)
        with open(os.path.join(site, "config", "tech-docs.yml"), "w") as f:
            f.write("host: [unclosed\n")
        with open(os.path.join(site, ".kblint.yaml"), "w") as f:
            f.write("site: none\n")
        code, out, err = run("check", "--show-config", cwd=site)
        self.assertEqual((code, err), (0, ""))
        self.assertIn('site: "none"  # .kblint.yaml:1', out.splitlines())


class Middleman(unittest.TestCase):
    def test_pages(self):
        doc = findings(MIDDLEMAN)
        self.assertEqual(doc["files_checked"], 2)  # not the partial, the layout or notes.md
        self.assertEqual(doc["site"], {"generator": "middleman", "config": "config.rb"})


if __name__ == "__main__":
    if "--update" in sys.argv:
        UPDATE = True
        sys.argv.remove("--update")
    unittest.main(verbosity=1)
