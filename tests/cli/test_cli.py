#!/usr/bin/python3
"""Command-line behaviour: commands, options, exit codes, exact error text, config discovery,
folder walking and the JSON report. KBLINT names the binary under test."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

SAMPLE = os.path.join(ROOT, "fixtures", "sample-kb")
USAGE = ("usage: kblint [check] [OPTIONS] [PATH...]\n"
         "       kblint rules [--config FILE | --no-config] [--check-examples]\n"
         "       kblint explain [--config FILE | --no-config] RULE-ID\n"
         "       kblint verify [--by NAME] [--date YYYY-MM-DD] [--dry-run] FILE[:LINE]...\n"
         "       kblint facts [--format text|json|csv] [PATH...]\n"
         "       kblint audit [--format FMT] [--state FILE] [--owner NAME] [-o FILE] [PATH...]\n"
         "       kblint export [--format jsonl|json|csv] [--only LIST] [--content MODE]\n"
         "                     [-o FILE | --out-dir DIR] [PATH...]\n"
         "       kblint init [PATH]\n"
         "       kblint lsp [--stdio]\n"
         "       kblint --version | --help\n")

OVERDUE = """---
title: Refunds
owner: billing-team
last_reviewed_on: 2025-01-10
review_in: 6 months
---
Refunds are issued within 30 days.
"""
FRESH = """---
last_reviewed_on: 2026-11-01
owner: support-team
---
All good.
"""

# A user rule file with one rule, and an article it flags once (a.md:5:5).
NO_FOO_RULES = """\
rules:
  - id: no-foo
    kind: pattern
    category: style
    severity: warning
    message: "say bar, not $0"
    pattern: '\\bfoo\\b'
"""
FOO_ARTICLE = "---\nlast_reviewed_on: 2026-11-01\nowner: docs\n---\nUse foo here.\n"


def run(*args, cwd=None, env=None):
    """kbtest.run, NO_COLOR removed, as (status, stdout, stderr)."""
    p = kbtest.run(args, cwd=cwd, env=env, color=True)
    return p.returncode, p.stdout, p.stderr


def write(root, rel, text):
    """kbtest.write; a text that starts with a newline is dedented first."""
    return kbtest.write(root, rel, textwrap.dedent(text) if text.startswith("\n") else text)


class Tmp(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()


class Usage(Tmp):
    def test_version(self):
        code, out, err = run("--version")
        self.assertEqual((code, err), (0, ""))
        self.assertRegex(out, r"^kblint \d+\.\d+\.\d+\n$")

    def test_help_on_every_command(self):
        for cmd in (["--help"], ["check", "--help"], ["rules", "--help"], ["explain", "--help"],
                    ["verify", "--help"], ["export", "--help"], ["lsp", "--help"]):
            code, out, err = run(*cmd)
            self.assertEqual(code, 0, cmd)
            self.assertTrue(out.startswith(USAGE), cmd)
            self.assertIn("options:", out)

    def test_unknown_option(self):
        code, out, err = run("check", "--frobnicate")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: unknown option '--frobnicate'\n" + USAGE)

    def test_missing_value(self):
        code, _, err = run("check", "--format")
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: option '--format' needs a value\n" + USAGE)

    def test_bad_today(self):
        code, _, err = run("check", "--today", "2026-02-30", self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: --today must be a date YYYY-MM-DD, not '2026-02-30'\n" + USAGE)

    def test_bad_format(self):
        code, _, err = run("check", "--format", "xml", self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: unknown format 'xml' (expected one of: text, json, sarif, junit, github, gitlab, checkstyle, markdown)\n" + USAGE)

    def test_bad_levels(self):
        code, _, err = run("check", "--fail-on", "loud", self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: --fail-on must be one of error, warning, info, never, not 'loud'\n" + USAGE)
        code, _, err = run("check", "--min-severity", "never", self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: --min-severity must be one of error, warning, info, not 'never'\n" + USAGE)

    def test_option_for_another_command(self):
        code, _, err = run("rules", "--format", "json")
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: option '--format' does not apply to this command\n" + USAGE)

    def test_export_options(self):
        # export's own options belong to it alone; its values are checked before anything runs
        for args, msg in [
            (("check", "--only", "trusted"), "option '--only' does not apply to this command"),
            (("audit", "--content", "full"), "option '--content' does not apply to this command"),
            (("export", "--only", "trusted,stale"),
             "--only takes trusted, review, untrusted, excluded, not 'stale'"),
            (("export", "--content", "all"), "--content must be one of none, full, clean, not 'all'"),
            (("export", "--out-dir", "d", "-o", "f", self.dir),
             "--out-dir and --output cannot be used together"),
        ]:
            code, out, err = run(*args)
            self.assertEqual((code, out, err), (2, "", "kblint: " + msg + "\n" + USAGE), args)
        code, out, err = run("export", "--format", "sarif", self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertTrue(err.startswith("kblint: unknown format 'sarif' for export (expected one of: "
                                       "jsonl, json, csv)\n"), err)

    def test_config_and_no_config(self):
        code, _, err = run("check", "--config", "x.yaml", "--no-config", self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: --config and --no-config cannot be used together\n" + USAGE)

    def test_explain_arguments(self):
        self.assertEqual(run("explain")[2], "kblint: 'explain' needs a rule id\n" + USAGE)
        code, _, err = run("explain", "no-such-rule")
        self.assertEqual((code, err), (2, "kblint: no rule 'no-such-rule' (see 'kblint rules')\n"))


class ExitCodes(Tmp):
    def test_clean_is_zero(self):
        write(self.dir, "a.md", FRESH)
        code, out, err = run("check", "--no-config", "--today", "2026-11-25", self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "No findings in 1 file.\n")

    def test_error_is_one(self):
        write(self.dir, "a.md", OVERDUE)
        code, out, _ = run("check", "--no-config", "--today", "2026-11-25", "--no-color", self.dir)
        self.assertEqual(code, 1)
        self.assertEqual(out.splitlines()[0],
                         self.dir + "/a.md:4:19: error: review was due 2025-07-10 (503 days ago); "
                         "owner: billing-team [review-overdue]")
        self.assertEqual(out.splitlines()[-1],
                         "1 finding in 1 file: 1 error (stale 1).")

    def test_fail_on(self):
        write(self.dir, "a.md", "---\nlast_reviewed_on: 2026-06-01\n---\nText.\n")  # due soon: warning
        base = ["check", "--no-config", "--today", "2026-11-25", self.dir]
        self.assertEqual(run(*base)[0], 0)
        self.assertEqual(run(*base, "--fail-on", "warning")[0], 1)
        self.assertEqual(run(*base, "--fail-on", "info")[0], 1)
        write(self.dir, "b.md", OVERDUE)
        self.assertEqual(run(*base, "--fail-on", "never")[0], 0)
        self.assertEqual(run(*base, "--fail-on", "error")[0], 1)

    def test_min_severity_hides_but_exit_follows_fail_on(self):
        write(self.dir, "a.md", "---\nlast_reviewed_on: 2026-06-01\nowner: billing-team\n---\nSign in prior to paying.\n")
        code, out, _ = run("check", "--no-config", "--today", "2026-11-25", "--no-color",
                           "--min-severity", "error", "--fail-on", "warning", self.dir)
        self.assertEqual(code, 1)
        self.assertNotIn("[review-due-soon]", out)
        self.assertNotIn("[plain-words]", out)
        self.assertEqual(out, "No findings in 1 file. 2 below error not shown.\n")

    def test_unloadable_file_counts_as_error(self):
        write(self.dir, "a.md", "---\ntitle: [x\n---\nText\n")
        write(self.dir, "b.md", OVERDUE)
        code, out, _ = run("check", "--no-config", "--today", "2026-11-25", "--no-color", self.dir)
        self.assertEqual(code, 1)
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith(self.dir + "/a.md:3:1: error: invalid YAML in front matter: "), lines[0])
        self.assertIn("/b.md:4:19: error: review was due", lines[1])  # the other file is still checked
        self.assertEqual(lines[-1], "1 file could not be checked.")
        self.assertEqual(run("check", "--no-config", "--fail-on", "never", self.dir)[0], 0)

    def test_missing_path(self):
        # a usage error (exit 2), not a file that could not be checked
        missing = os.path.join(self.dir, "nope.md")
        code, out, err = run("check", "--no-config", "--no-color", missing)
        self.assertEqual((code, out, err), (2, "No file checked.\n",
                                            "kblint: %s: no such file or folder\n" % missing))

    def test_directory_named_like_article(self):
        os.makedirs(os.path.join(self.dir, "x.md"))
        write(self.dir, "x.md/inner.txt", "not an article")
        code, out, err = run("check", "--no-config", "--no-color", "-q", os.path.join(self.dir, "x.md"))
        # a folder is walked; .txt is not included, so nothing was checked
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: no article to check in %s/x.md: found 1 file ending in .txt "
                         "and it did not match include\n" % self.dir)


class Metadata(Tmp):
    """Dates and repeated keys as real knowledge bases write them (issue 14)."""

    def check(self, *extra):
        return run("check", "--today", "2026-11-25", "--no-color", "-q", *extra, self.dir)

    def test_default_date_forms_need_no_config(self):
        for name, date in (("a", "03/14/2026"), ("b", "3/4/2026"), ("c", "14 March 2026"),
                           ("d", "4 Mar 2026"), ("e", "March 14, 2026"), ("f", "Mar 4, 2026"),
                           ("g", "2026-03-14T09:30:00Z"), ("h", "2026-03-14T09:30"),
                           ("i", "02/29/2024")):
            write(self.dir, name + ".md", "---\nowner: docs\nms.date: %s\n---\nText.\n" % date)
        code, out, err = self.check("--no-config", "--format", "json")
        self.assertEqual((code, err), (1, ""))
        rules = {(os.path.basename(f["file"]), f["rule"]) for f in json.loads(out)["findings"]}
        self.assertEqual(rules, {(n + ".md", "review-overdue") for n in "abcdefghi"})

    def test_invalid_dates_stay_invalid(self):
        write(self.dir, "a.md", "---\nowner: docs\nms.date: 02/30/2024\n---\nText.\n")
        write(self.dir, "b.md", "---\nowner: docs\nms.date: 2/29/2023\n---\nText.\n")
        code, out, err = self.check("--no-config")
        expected = "(expected YYYY-MM-DD, MM/DD/YYYY, D Month YYYY or Month D, YYYY) [date-invalid]"
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(out, "%s/a.md:3:10: error: ms.date '02/30/2024' is not a valid date %s\n"
                              "%s/b.md:3:10: error: ms.date '2/29/2023' is not a valid date %s\n"
                         % (self.dir, expected, self.dir, expected))

    def test_date_error_names_the_date_formats_entry(self):
        write(self.dir, "a.md", "---\nowner: docs\nreviewed: 14.03.2026\n---\nText.\n")
        code, out, err = self.check("--no-config")
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(out, self.dir + "/a.md:3:11: error: reviewed '14.03.2026' is not in an "
                         "accepted date form: for DD.MM.YYYY, add '%d.%m.%Y' to date_formats in "
                         ".kblint.yaml [date-invalid]\n")
        # doing what it says works
        write(self.dir, ".kblint.yaml", "date_formats: ['%d.%m.%Y']\n")
        code, out, err = self.check()
        self.assertEqual((code, out, err), (1, self.dir + "/a.md:3:11: error: review was due "
                                               "2026-09-14 (72 days ago); owner: docs "
                                               "[review-overdue]\n", ""))

    def test_day_first_config_reads_slashes_its_way(self):
        write(self.dir, ".kblint.yaml", "date_formats: ['%d/%m/%Y']\n")
        write(self.dir, "a.md", "---\nowner: docs\nms.date: 03/04/2026\nexpires: 03/14/2027\n"
                                "---\nText.\n")
        code, out, err = self.check()
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(out, self.dir + "/a.md:3:10: error: review was due 2026-10-03 (53 days "
                         "ago); owner: docs [review-overdue]\n" + self.dir + "/a.md:4:10: error: "
                         "expires '03/14/2027' is not a valid date (expected YYYY-MM-DD, "
                         "DD/MM/YYYY, D Month YYYY or Month D, YYYY) [date-invalid]\n")

    def test_duplicate_key_is_a_warning_and_the_article_is_checked(self):
        write(self.dir, "a.md", "---\ntitle: A\nowner: docs\nlast_reviewed_on: 2026-11-01\n"
                                "title: B\n---\nText.\n")
        code, out, err = self.check("--no-config")
        line = self.dir + ("/a.md:5:1: warning: duplicate key 'title': line 2 and line 5; the "
                           "last value is used [key-duplicated]\n")
        self.assertEqual((code, out, err), (0, line, ""))
        self.assertEqual(self.check("--no-config", "--fail-on", "warning")[0], 1)
        # the article is checked, with the last value
        write(self.dir, "a.md", "---\nowner: docs\nlast_reviewed_on: 2026-11-01\n"
                                "last_reviewed_on: 2025-01-10\n---\nTODO.\n")
        code, out, err = self.check("--no-config")
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(out.splitlines(), [
            self.dir + "/a.md:4:1: warning: duplicate key 'last_reviewed_on': line 3 and line 4; "
            "the last value is used [key-duplicated]",
            self.dir + "/a.md:4:19: error: review was due 2025-07-10 (503 days ago); owner: docs "
            "[review-overdue]",
            self.dir + "/a.md:6:1: error: placeholder 'TODO' must not reach customers "
            "[placeholder-todo]"])
        # a rule like any other: the config can turn it off
        write(self.dir, ".kblint.yaml", "severity:\n  key-duplicated: 'off'\n")
        code, out, err = self.check()
        self.assertEqual((code, err), (1, ""))
        self.assertNotIn("key-duplicated", out)
        self.assertIn("[review-overdue]", out)


class Config(Tmp):
    def test_found_in_ancestor(self):
        write(self.dir, ".kblint.yaml", "today: 2026-11-25\nseverity:\n  review-overdue: warning\n")
        write(self.dir, "kb/sub/a.md", OVERDUE)
        code, out, _ = run("check", "--no-color", "kb/sub", cwd=self.dir)
        self.assertEqual(code, 0)
        self.assertIn("kb/sub/a.md:4:19: warning: review was due 2025-07-10 (503 days ago)", out)

    def test_no_config_ignores_it(self):
        write(self.dir, ".kblint.yaml", "severity:\n  review-overdue: off\n")
        write(self.dir, "a.md", OVERDUE)
        self.assertEqual(run("check", "--today", "2026-11-25", cwd=self.dir)[0], 0)
        self.assertEqual(run("check", "--no-config", "--today", "2026-11-25", cwd=self.dir)[0], 1)

    def test_explicit_config(self):
        cfg = write(self.dir, "conf/kb.yaml", "today: 2026-11-25\n")
        write(self.dir, "a.md", OVERDUE)
        code, out, _ = run("check", "--config", cfg, "--no-color", "-q", "a.md", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertIn("a.md:4:19: error: review was due 2025-07-10 (503 days ago)", out)

    def test_today_precedence(self):
        write(self.dir, ".kblint.yaml", "today: 2025-08-01\n")
        write(self.dir, "a.md", OVERDUE)
        # config today: due 2025-07-10 passed 22 days before
        out = run("check", "--no-color", "-q", cwd=self.dir)[1]
        self.assertIn("(22 days ago)", out)
        out = run("check", "--no-color", "-q", "--today", "2025-07-11", cwd=self.dir)[1]
        self.assertIn("(1 day ago)", out)

    def test_config_error_exit_2_exact_text(self):
        write(self.dir, ".kblint.yaml", "today: 2026-11-25\nfileds:\n  owner: team\n")
        write(self.dir, "a.md", FRESH)
        code, out, err = run("check", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, ".kblint.yaml:2:1: error: unknown key 'fileds' (expected one of: today, "
                              "include, exclude, fields, date_formats, facts, freshness, links, owners, publish, rules, "
                              "rules_docs_url, severity, overrides, audit, site, redirects, defaults, fragments, codeowners, markup, export)\n")

    def test_unknown_rule_in_severity(self):
        write(self.dir, ".kblint.yaml", "severity:\n  review-overdu: off\n")
        code, _, err = run("check", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, ".kblint.yaml:2:3: error: severity: unknown rule 'review-overdu' (see 'kblint rules')\n")

    def test_bad_rule_file(self):
        write(self.dir, ".kblint.yaml", "rules: [team.rules]\n")
        write(self.dir, "team.rules", textwrap.dedent("""\
            rules:
              - id: no-foo
                kind: pattern
                category: style
                severity: info
                message: "no foo"
                pattern: 'foo('
                colour: red
            """))
        code, _, err = run("check", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err,
            "team.rules:8:5: error: unknown key 'colour' in pattern rule 'no-foo' (the kind's keys are: "
            "pattern, words, ignore_case, word_boundary, inflect, fix, fix_safety)\n")

    def test_user_rule_runs_and_config_files_are_not_articles(self):
        write(self.dir, ".kblint.yaml", "today: 2026-11-25\nrules: [kb-rules.yaml]\n")
        write(self.dir, "kb-rules.yaml", NO_FOO_RULES)
        write(self.dir, "a.md", FOO_ARTICLE)
        code, out, err = run("check", "--no-color", "-q", cwd=self.dir)
        self.assertEqual(err, "")
        self.assertEqual(out, "a.md:5:5: warning: say bar, not foo [no-foo]\n")
        self.assertEqual(code, 0)


class Walk(Tmp):
    def test_sorted_hidden_node_modules_include_exclude(self):
        write(self.dir, ".kblint.yaml", "today: 2026-11-25\nexclude: [drafts, '**/*.tmp.md']\n")
        for rel in ("b.md", "a/z.md", "a/b.markdown", ".hidden/x.md", "node_modules/pkg/readme.md",
                    "drafts/d.md", "a/scratch.tmp.md", "notes.txt"):
            write(self.dir, rel, "TODO\n")
        code, out, _ = run("check", "--no-color", "-q", "--fail-on", "never", cwd=self.dir)
        files = [l.split(":")[0] for l in out.splitlines() if "[placeholder-todo]" in l]
        self.assertEqual(files, ["a/b.markdown", "a/z.md", "b.md"])

    def test_include_relative_to_config(self):
        write(self.dir, ".kblint.yaml", "today: 2026-11-25\ninclude: ['source/**/*.html.md.erb']\n")
        write(self.dir, "source/guide/page.html.md.erb", "TODO\n")
        write(self.dir, "source/guide/other.md", "TODO\n")
        out = run("check", "--no-color", "-q", "source/guide", cwd=self.dir)[1]
        self.assertEqual(sorted({l.split(":")[0] for l in out.splitlines()}), ["source/guide/page.html.md.erb"])

    def test_symlinks_followed_only_when_asked(self):
        write(self.dir, "real/a.md", "TODO\n")
        os.makedirs(os.path.join(self.dir, "kb"))
        os.symlink(os.path.join(self.dir, "real"), os.path.join(self.dir, "kb", "linked"))
        os.symlink(os.path.join(self.dir, "kb"), os.path.join(self.dir, "kb", "loop"))
        out = run("check", "--no-config", "--no-color", "-q", "kb", cwd=self.dir)[1]
        self.assertEqual(out, "")
        code, out, _ = run("check", "--no-config", "--no-color", "-q", "--follow-symlinks", "kb", cwd=self.dir)
        self.assertIn("kb/linked/a.md:1:1: error: placeholder 'TODO' must not reach customers [placeholder-todo]", out)
        self.assertIn("kb/loop: error: symbolic link loop: this folder contains itself", out)

    def test_own_files_known_by_name_and_by_target(self):
        # The walk takes a regular file to be no file of kblint's own without a stat unless its
        # name is one of theirs, or the name of the file one of them links to.
        write(self.dir, ".kblint.yaml", "today: 2026-11-25\nrules: [kb-rules.yaml]\n")
        write(self.dir, "shared/team-rules.yaml", NO_FOO_RULES)
        os.symlink(os.path.join("shared", "team-rules.yaml"), os.path.join(self.dir, "kb-rules.yaml"))
        write(self.dir, "a.md", FOO_ARTICLE)
        code, out, err = run("check", "--no-color", cwd=self.dir)
        self.assertEqual(err, "")
        self.assertEqual(out, "a.md:5:5: warning: say bar, not foo [no-foo]\n\n"
                         "1 finding in 1 file: 1 warning (style 1).\n")
        self.assertEqual(code, 0)
        # another file of the same name is still an article file: the stat tells them apart
        write(self.dir, "other/team-rules.yaml", "rules: []\n")
        code, out, err = run("check", "--no-color", cwd=self.dir)
        self.assertEqual(out, "a.md:5:5: warning: say bar, not foo [no-foo]\n\n"
                         "1 finding in 1 file: 1 warning (style 1).\n"
                         "Skipped 1 YAML file that holds no article.\n")


class Reports(Tmp):
    def test_json(self):
        write(self.dir, "kb/a.md", OVERDUE)
        write(self.dir, "kb/b.md", "---\n: [\n---\n")
        code, out, _ = run("check", "--no-config", "--today", "2026-11-25", "--format", "json", "kb", cwd=self.dir)
        self.assertEqual(code, 1)
        doc = json.loads(out)
        self.assertEqual(doc["tool"], "kblint")
        self.assertEqual(doc["today"], "2026-11-25")
        self.assertEqual(doc["files_checked"], 1)  # b.md could not be loaded: not checked
        self.assertRegex(doc["version"], r"^\d+\.\d+\.\d+$")
        self.assertEqual(doc["findings"], [{
            "file": "kb/a.md", "line": 4, "column": 19, "rule": "review-overdue", "category": "stale",
            "severity": "error", "message": "review was due 2025-07-10 (503 days ago); owner: billing-team",
            "owner": "billing-team", "related": []}])
        self.assertEqual(len(doc["errors"]), 1)
        self.assertEqual(doc["errors"][0]["file"], "kb/b.md")
        self.assertEqual(doc["errors"][0]["line"], 2)
        self.assertTrue(doc["errors"][0]["message"].startswith("invalid YAML in front matter"))

    def test_json_escapes_hostile_text(self):
        write(self.dir, "a.md", '---\nowner: docs\nlast_reviewed_on: "2026-13-01\\t\\"\\u0001"\n---\n')
        code, out, _ = run("check", "--no-config", "--format", "json", "a.md", cwd=self.dir)
        doc = json.loads(out)
        self.assertEqual(doc["findings"][0]["message"],
                         "last_reviewed_on '2026-13-01\t\"\x01' is not a valid date (expected YYYY-MM-DD, MM/DD/YYYY, D Month YYYY or Month D, YYYY)")

    def test_output_file_atomic_and_same_as_stdout(self):
        write(self.dir, "a.md", OVERDUE)
        target = os.path.join(self.dir, "report.json")
        with open(target, "w") as f:
            f.write("old")
        code, out, err = run("check", "--no-config", "--today", "2026-11-25", "-f", "json", "-o", target, "a.md", cwd=self.dir)
        self.assertEqual((code, out, err), (1, "", ""))
        stdout = run("check", "--no-config", "--today", "2026-11-25", "-f", "json", "a.md", cwd=self.dir)[1]
        self.assertEqual(open(target).read(), stdout)
        self.assertEqual(sorted(os.listdir(self.dir)), ["a.md", "report.json"])  # no temporary left

    def test_output_to_a_pipe_or_device_writes_into_it(self):
        # -o names a FIFO (or /dev/null, /dev/stdout): the report is written into it, and the
        # pipe stays a pipe; renaming a temporary file over it would replace it (as root, even
        # /dev/null) with a plain file
        import stat
        import threading
        write(self.dir, "a.md", OVERDUE)
        fifo = os.path.join(self.dir, "pipe")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
        reader.start()
        code, out, err = run("check", "--no-config", "--today", "2026-11-25", "-f", "json", "-o", fifo, "a.md", cwd=self.dir)
        reader.join(30)
        self.assertEqual((code, out, err), (1, "", ""))
        stdout = run("check", "--no-config", "--today", "2026-11-25", "-f", "json", "a.md", cwd=self.dir)[1]
        self.assertEqual(got, [stdout])
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        self.assertEqual(sorted(os.listdir(self.dir)), ["a.md", "pipe"])  # no temporary left
        code, out, err = run("check", "--no-config", "--today", "2026-11-25", "-o", os.devnull, "a.md", cwd=self.dir)
        self.assertEqual((code, out, err), (1, "", ""))
        self.assertTrue(stat.S_ISCHR(os.stat(os.devnull).st_mode))

    def test_output_to_missing_folder(self):
        write(self.dir, "a.md", FRESH)
        code, _, err = run("check", "--no-config", "-o", os.path.join(self.dir, "no", "r.txt"), "a.md", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: cannot write %s/no/r.txt: No such file or directory\n" % self.dir)

    def test_color_only_when_asked_or_terminal(self):
        write(self.dir, "a.md", OVERDUE)
        out = run("check", "--no-config", "--today", "2026-11-25", "a.md", cwd=self.dir)[1]
        self.assertNotIn("\033[", out)  # a pipe is not a terminal
        out = run("check", "--no-config", "--today", "2026-11-25", "--color", "a.md", cwd=self.dir)[1]
        self.assertIn("\033[1;31merror\033[0m", out)

    def test_output_is_stable(self):
        a = run("check", "--format", "json", SAMPLE)[1]
        b = run("check", "--format", "json", SAMPLE)[1]
        self.assertEqual(a, b)


class RulesCommands(unittest.TestCase):
    def test_rules_lists_every_shipped_rule(self):
        code, out, _ = run("rules", "--no-config")
        self.assertEqual(code, 0)
        ids = [l.split()[0] for l in out.splitlines()[1:]]
        for rid in ("review-overdue", "review-due-soon", "expired", "reviewed-missing", "date-invalid",
                    "interval-invalid", "reviewed-in-future", "placeholder-todo", "plain-words",
                    "link-insecure-http"):
            self.assertIn(rid, ids)
        line = [l for l in out.splitlines() if l.startswith("review-overdue ")][0]
        self.assertEqual(line.split()[1:4], ["freshness", "stale", "error"])

    def test_rules_shows_config_severity(self):
        out = run("rules", cwd=SAMPLE)[1]
        line = [l for l in out.splitlines() if l.startswith("plain-words ")][0]
        self.assertEqual(line.split()[3], "info")

    def test_examples_of_every_rule_behave(self):
        code, out, _ = run("rules", "--no-config", "--check-examples")
        self.assertEqual(code, 0, out)
        self.assertRegex(out, r"examples of \d+ rules run, 0 failed\.\n$")

    def test_explain(self):
        code, out, _ = run("explain", "--no-config", "review-overdue")
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("review-overdue: freshness rule, category stale, severity error\n"))
        self.assertIn("  => 4:19: error: review was due 2025-07-10 (503 days ago); owner: billing-team\n", out)


def schemas():
    """The folder of the SARIF and JUnit schemas (../shared/schemas beside the checkout, or beside
    the folder of worktrees), or None."""
    for up in ("..", os.path.join("..", "..")):
        d = os.path.join(ROOT, up, "shared", "schemas")
        if os.path.isdir(d):
            return d
    return None


def validate_sarif(test, doc):
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    d = schemas()
    if not jsonschema or not d:
        print("SKIP SARIF schema validation: %s" % ("python3-jsonschema is not installed"
                                                    if not jsonschema else "no shared/schemas"))
        return
    with open(os.path.join(d, "sarif-schema-2.1.0.json")) as f:
        jsonschema.validate(doc, json.load(f))


def validate_junit(test, text):
    d = schemas()
    if not shutil.which("xmllint") or not d:
        print("SKIP JUnit schema validation: xmllint or shared/schemas is missing")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(text)
    p = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(d, "junit.xsd"), f.name],
                       capture_output=True, text=True)
    os.unlink(f.name)
    test.assertEqual(p.returncode, 0, p.stderr)


NO_FILE_HINT = "it holds no file (hidden files and folders and node_modules are not looked in)"


class MissingPath(Tmp):
    """A PATH that does not exist is a usage error (exit 2) whatever --fail-on says; the paths
    that exist are still checked and reported, and SARIF and JUnit say that the run failed."""

    def setUp(self):
        super().setUp()
        write(self.dir, "kb/a.md", OVERDUE)
        self.base = ["check", "--no-config", "--today", "2026-11-25", "--fail-on", "never"]

    def test_text_exit_2_other_paths_still_checked(self):
        code, out, err = run(*self.base, "--no-color", "kbb", "kb", cwd=self.dir)
        self.assertEqual((code, err), (2, "kblint: kbb: no such file or folder\n"))
        self.assertEqual(out.splitlines()[0][:29], "kb/a.md:4:19: error: review w")
        self.assertEqual(out.splitlines()[-1], "1 finding in 1 file: 1 error (stale 1).")

    def test_every_path_missing(self):
        code, out, err = run(*self.base, "kbb", "kb/nope.md", cwd=self.dir)
        self.assertEqual((code, out, err), (2, "No file checked.\n",
                                            "kblint: kbb: no such file or folder\n"
                                            "kblint: kb/nope.md: no such file or folder\n"))

    def test_sarif_says_the_run_failed(self):
        code, out, err = run(*self.base, "--format", "sarif", "kbb", cwd=self.dir)
        self.assertEqual((code, err), (2, "kblint: kbb: no such file or folder\n"))
        doc = json.loads(out)
        validate_sarif(self, doc)
        run_ = doc["runs"][0]
        self.assertEqual(run_["results"], [])
        inv = run_["invocations"][0]
        self.assertIs(inv["executionSuccessful"], False)
        self.assertEqual(inv["toolExecutionNotifications"],
                         [{"level": "error", "message": {"text": "kbb: no such file or folder"}}])

    def test_sarif_keeps_the_results_of_the_other_paths(self):
        code, out, _ = run(*self.base, "--format", "sarif", "kb", "kbb", cwd=self.dir)
        self.assertEqual(code, 2)
        doc = json.loads(out)
        validate_sarif(self, doc)
        run_ = doc["runs"][0]
        self.assertEqual([r["ruleId"] for r in run_["results"]], ["review-overdue"])
        self.assertIs(run_["invocations"][0]["executionSuccessful"], False)
        # a clean run succeeds
        code, out, _ = run(*self.base, "--format", "sarif", "kb", cwd=self.dir)
        self.assertEqual(code, 0)
        inv = json.loads(out)["runs"][0]["invocations"][0]
        self.assertEqual((inv["executionSuccessful"], inv["toolExecutionNotifications"]), (True, []))

    def test_junit_has_an_error(self):
        code, out, err = run(*self.base, "--format", "junit", "kb", "kbb", cwd=self.dir)
        self.assertEqual((code, err), (2, "kblint: kbb: no such file or folder\n"))
        validate_junit(self, out)
        suites = ET.fromstring(out).findall("testsuite")
        self.assertEqual([s.get("name") for s in suites], ["kb/a.md", "kblint"])
        run_ = suites[1]
        self.assertEqual((run_.get("tests"), run_.get("failures"), run_.get("errors")), ("1", "0", "1"))
        error = run_.find("testcase").find("error")
        self.assertEqual((error.get("type"), error.get("message"), error.text),
                         ("run-error", "kbb: no such file or folder", "kbb: no such file or folder"))

    def test_path_with_control_characters_is_printable(self):
        name = "k\x1b]0;owned\x07b\u202e"
        code, out, err = run(*self.base, "--format", "sarif", name, cwd=self.dir)
        self.assertEqual((code, err), (2, "kblint: k\ufffd]0;owned\ufffdb\ufffd: no such file or folder\n"))
        note = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
        self.assertEqual(note["message"]["text"], "k\ufffd]0;owned\ufffdb\ufffd: no such file or folder")

    def test_broken_symbolic_link_is_a_file_that_cannot_be_read(self):
        os.symlink("nowhere.md", os.path.join(self.dir, "kb", "link.md"))
        code, out, err = run("check", "--no-config", "--no-color", "kb/link.md", "kb/a.md", cwd=self.dir)
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(out.splitlines()[0], "kb/link.md: error: cannot read: No such file or directory")

    def test_write_baseline_records_nothing(self):
        code, out, err = run("check", "--no-config", "--write-baseline", "base.json", "kb", "kbb",
                             cwd=self.dir)
        self.assertEqual((code, out, err), (2, "", "kblint: kbb: no such file or folder\n"))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "base.json")))

    def test_facts_and_audit(self):
        code, out, err = run("facts", "--no-config", "kb", "kbb", cwd=self.dir)
        self.assertEqual((code, err), (2, "kblint: kbb: no such file or folder\n"))
        code, out, err = run("audit", "--no-config", "--today", "2026-11-25", "--format", "json",
                             "--state", "state.json", "kbb", "kb", cwd=self.dir)
        self.assertEqual((code, err), (2, "kblint: kbb: no such file or folder\n"))
        self.assertEqual(json.loads(out)["files_checked"], 1)  # kb was audited
        self.assertFalse(os.path.exists(os.path.join(self.dir, "state.json")))  # not a whole run
        code, out, err = run("audit", "--no-config", "kbb", cwd=self.dir)
        self.assertEqual((code, out, err), (2, "", "kblint: kbb: no such file or folder\n"))


class NoArticle(Tmp):
    """A run that checked no article is exit 2, with what was found instead."""

    def check(self, *args, cwd=None):
        return run("check", "--no-color", "--today", "2026-11-25", *args, cwd=cwd or self.dir)

    def test_empty_folder(self):
        os.makedirs(os.path.join(self.dir, "kb"))
        write(self.dir, "kb/.hidden.md", FRESH)
        write(self.dir, "kb/node_modules/x.md", FRESH)
        code, out, err = self.check("--no-config", "kb")
        self.assertEqual((code, out, err), (2, "No file checked.\n",
                                            "kblint: no article to check in kb: %s\n" % NO_FILE_HINT))

    def test_files_no_include_matches_grouped_by_extension(self):
        for i in range(65):
            write(self.dir, "site/source/page%02d.html.md.erb" % i, "# Page\n\nText.\n")
        code, out, err = self.check("--no-config", "-q", "site")
        self.assertEqual((code, out, err), (2, "", "kblint: no article to check in site: found 65 files "
                                                  "ending in .html.md.erb and none matched include; "
                                                  "add include: ['**/*.html.md.erb']\n"))
        # with that include they are checked
        write(self.dir, ".kblint.yaml", "include: ['**/*.html.md.erb']\n")
        code, out, err = self.check("site")
        self.assertEqual((code, err), (0, ""))
        self.assertRegex(out.splitlines()[-1], r"^130 findings in 65 files: 130 warnings ")

    def test_facts_and_audit_fail_the_same_way(self):
        for i in range(2):
            write(self.dir, "site/page%d.html.md.erb" % i, "# Page\n\nText.\n")
        hint = ("kblint: no article to check in site: found 2 files ending in .html.md.erb and "
                "none matched include; add include: ['**/*.html.md.erb']\n")
        code, out, err = run("facts", "--no-config", "site", cwd=self.dir)
        self.assertEqual((code, out, err), (2, "", hint))
        # a scheduled audit of nothing is no clean audit, and its state file is left alone
        code, out, err = run("audit", "--no-config", "--today", "2026-11-25", "--state",
                             "state.json", "site", cwd=self.dir)
        self.assertEqual((code, err), (2, hint))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "state.json")))
        # with the include, both run clean
        write(self.dir, ".kblint.yaml", "include: ['**/*.html.md.erb']\n")
        self.assertEqual(run("facts", "site", cwd=self.dir)[0], 0)
        self.assertEqual(run("audit", "--today", "2026-11-25", "site", cwd=self.dir)[0], 0)

    def test_groups_named_by_their_longest_common_extension(self):
        write(self.dir, "d/a.html.md.erb", "x")
        write(self.dir, "d/b.md.erb", "x")
        write(self.dir, "d/c.en.txt", "x")
        write(self.dir, "d/d.fr.txt", "x")
        write(self.dir, "d/e.fr.txt", "x")
        write(self.dir, "d/Makefile", "x")
        write(self.dir, "d/v1.2", "x")  # a number is no extension
        write(self.dir, "d/x.png", "x")
        code, out, err = self.check("--no-config", "-q", "d")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: no article to check in d: found 3 files ending in .txt, "
                         "2 with no extension, 2 ending in .md.erb and 1 more, and none matched "
                         "include; add include: ['**/*.md.erb']\n")

    def test_a_stray_extension_does_not_hide_the_articles(self):
        # a layout ending in .erb beside the pages must not turn the group into ".erb", which
        # names no articles and so would lose the include hint
        for i in range(3):
            write(self.dir, "site/source/page%d.html.md.erb" % i, "# Page\n")
        write(self.dir, "site/source/layouts/layout.erb", "x")
        write(self.dir, "site/source/a.css.scss", "x")
        write(self.dir, "site/source/b.scss", "x")
        code, out, err = self.check("--no-config", "-q", "site")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: no article to check in site: found 3 files ending in "
                         ".html.md.erb, 2 ending in .scss and 1 ending in .erb, and none matched "
                         "include; add include: ['**/*.html.md.erb']\n")

    def test_only_excluded_files(self):
        write(self.dir, ".kblint.yaml", "exclude: [drafts]\n")
        write(self.dir, "kb/drafts/a.md", FRESH)
        write(self.dir, "kb/drafts/b.md", FRESH)
        code, out, err = self.check("kb")
        self.assertEqual((code, out), (2, "No file checked.\n"))
        self.assertEqual(err, "kblint: no article to check in kb: exclude: ['drafts'] leaves out 2 files\n")

    def test_hint_is_printable(self):
        write(self.dir, ".kblint.yaml", 'exclude: [drafts, "\\e]0;x\\a"]\nfields: {body: ["\\e[2Jbody"]}\n')
        write(self.dir, "kb/drafts/a.md", FRESH)
        write(self.dir, "kb/faq.yaml", "a: 1\n")
        code, out, err = self.check("kb")
        self.assertEqual(code, 2)
        self.assertEqual(err, "kblint: no article to check in kb: found 1 YAML file that holds no article "
                         "(an article there is a mapping, or a list of them, with a body field: "
                         "\ufffd[2Jbody); exclude: ['drafts', '\ufffd]0;x\ufffd'] leaves out 1 file\n")

    def test_only_yaml_without_an_article(self):
        write(self.dir, "docs/config/settings.yml", "host: https://example.com\nshow_toc: true\n")
        code, out, err = self.check("--no-config", "docs")
        self.assertEqual((code, out), (2, "No file checked.\nSkipped 1 YAML file that holds no article.\n"))
        self.assertEqual(err, "kblint: no article to check in docs: found 1 YAML file that holds no "
                         "article (an article there is a mapping, or a list of them, with a body "
                         "field: answer, body, content, text)\n")
        # named on the command line (as a pre-commit hook names staged files), it is read and
        # skipped: YAML that holds no article is not kblint's to judge
        code, out, err = self.check("--no-config", "docs/config/settings.yml")
        self.assertEqual((code, out, err), (0, "No file checked.\n"
                                               "Skipped 1 YAML file that holds no article.\n", ""))

    def test_unreadable_files_only(self):
        # the file's own error says what is wrong: no hint, the exit status of a load error
        write(self.dir, "kb/a.md", "---\n: [\n---\n")
        code, out, err = self.check("--no-config", "kb")
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(out.splitlines()[-2:], ["No file checked.", "1 file could not be checked."])

    def test_sarif_says_the_run_failed(self):
        os.makedirs(os.path.join(self.dir, "kb"))
        code, out, err = self.check("--no-config", "--format", "sarif", "--fail-on", "never", "kb")
        self.assertEqual(code, 2)
        doc = json.loads(out)
        validate_sarif(self, doc)
        inv = doc["runs"][0]["invocations"][0]
        self.assertIs(inv["executionSuccessful"], False)
        self.assertEqual(inv["toolExecutionNotifications"],
                         [{"level": "error", "message": {"text": "no article to check in kb: " + NO_FILE_HINT}}])

    def test_stdin_is_unaffected(self):
        os.makedirs(os.path.join(self.dir, "kb"))
        p = kbtest.run(["check", "--no-config", "--stdin", "--stdin-filename", "kb/x.yml"],
                       cwd=self.dir, stdin="host: example\n")
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (0, "No file checked.\nSkipped 1 YAML file that holds no article.\n", ""))


class Counts(Tmp):
    """Files checked are the files that held an article; the findings say in how many."""

    def setUp(self):
        super().setUp()
        write(self.dir, "kb/a.md", OVERDUE)
        write(self.dir, "kb/b.md", FRESH)
        write(self.dir, "kb/config/settings.yml", "host: https://example.com\n")
        self.base = ["check", "--no-config", "--today", "2026-11-25", "--no-color", "kb"]

    def test_text(self):
        code, out, err = run(*self.base, cwd=self.dir)
        self.assertEqual((code, err), (1, ""))
        self.assertEqual(out.splitlines()[-2:], ["1 finding in 1 of 2 files: 1 error (stale 1).",
                                                 "Skipped 1 YAML file that holds no article."])
        code, out, err = run(*self.base[:-1], "kb/b.md", "kb/config", cwd=self.dir)
        self.assertEqual((code, out, err), (0, "No findings in 1 file.\n"
                                               "Skipped 1 YAML file that holds no article.\n", ""))

    def test_markdown_json_junit_agree(self):
        out = run(*self.base, "--format", "markdown", cwd=self.dir)[1]
        self.assertEqual(out.splitlines()[2], "1 finding in 1 of 2 files: 1 error, 0 warnings, 0 info; "
                         "skipped 1 YAML file that holds no article.")
        self.assertEqual(json.loads(run(*self.base, "--format", "json", cwd=self.dir)[1])["files_checked"], 2)
        out = run(*self.base, "--format", "junit", cwd=self.dir)[1]
        validate_junit(self, out)
        suites = ET.fromstring(out).findall("testsuite")
        self.assertEqual([s.get("name") for s in suites], ["kb/a.md", "kb/b.md"])


class UnknownCommand(Tmp):
    def test_close_to_a_command(self):
        for word, near in (("chekc", "check"), ("chek", "check"), ("explian", "explain"),
                           ("audt", "audit"), ("rulez", "rules"), ("fact", "facts")):
            code, out, err = run(word, cwd=self.dir)
            self.assertEqual((code, out, err), (2, "", "kblint: unknown command '%s' (did you mean '%s'?)\n"
                                                % (word, near) + USAGE))

    def test_far_from_every_command(self):
        code, out, err = run("kbb", cwd=self.dir)
        self.assertEqual((code, out, err), (2, "", "kblint: unknown command 'kbb'\n" + USAGE))

    def test_existing_path_is_checked(self):
        write(self.dir, "chekc/a.md", FRESH)
        code, out, err = run("chekc", "--no-config", "--today", "2026-11-25", cwd=self.dir)
        self.assertEqual((code, out, err), (0, "No findings in 1 file.\n", ""))

    def test_path_like_word_is_a_missing_path(self):
        code, out, err = run("kb/chekc", cwd=self.dir)
        self.assertEqual((code, err), (2, "kblint: kb/chekc: no such file or folder\n"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
