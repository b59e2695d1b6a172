#!/usr/bin/python3
"""`kblint check --stdin --stdin-filename PATH`: the text on standard input is checked as if it
were the file PATH: its type from the extension, the config found from PATH's folder, findings
named PATH, links resolved against the knowledge base around it; exact output."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from kbtest import run  # noqa: E402  (tests/support; NO_COLOR=1, as these tests always ran)

HEAD = "---\ntitle: %s\nowner: support-ops\nlast_reviewed_on: %s\n---\n# %s\n\n"
TARGET = HEAD % ("Target", "2026-11-01", "Target") + "## Turning it on\n\nSteps.\n"
OLD = HEAD % ("Old", "2025-01-10", "Old") + "Old text.\n"
ARCHIVED = "---\ntitle: Gone\nstatus: archived\n---\n# Gone\n\nGone.\n"
BUFFER = HEAD % ("Buffer", "2026-11-01", "Buffer") + (
    "See [on](target.md#turning-it-on), [off](target.md#turning-it-off), [old](old.md),\n"
    "[gone](gone.md) and [missing](missing.md). TODO.\n")
FAQ = ("- question: Is it on?\n  owner: support-ops\n  last_reviewed_on: 2026-11-01\n"
       "  answer: |\n    Yes. TBD.\n")


class Stdin(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.write("kb/.kblint.yaml", "today: 2026-11-25\nseverity:\n  placeholder-todo: warning\n")
        self.write("kb/guide/target.md", TARGET)
        self.write("kb/guide/old.md", OLD)
        self.write("kb/guide/gone.md", ARCHIVED)
        # on disk, the file the buffer stands for says something else
        self.write("kb/guide/buffer.md", HEAD % ("Buffer", "2026-11-01", "Buffer") + "Saved. XXX\n")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def test_exact_output(self):
        p = run(["check", "--stdin", "--stdin-filename", "kb/guide/buffer.md"], self.tmp, stdin=BUFFER)
        self.assertEqual(p.stderr, "")
        # the config below kb/ made the TODO a warning; old.md's own finding is not reported
        self.assertEqual(p.stdout,
                         "kb/guide/buffer.md:8:36: error: no heading or anchor '#turning-it-off' "
                         "in target.md [link-missing-anchor]\n"
                         "kb/guide/buffer.md:8:69: info: links to old.md, review overdue by 503 "
                         "days [link-stale-target]\n"
                         "kb/guide/buffer.md:9:1: warning: links to archived article gone.md "
                         "[link-archived-target]\n"
                         "kb/guide/buffer.md:9:21: error: link target 'missing.md' does not exist "
                         "[link-missing-file]\n"
                         "kb/guide/buffer.md:9:44: warning: placeholder 'TODO' must not reach "
                         "customers [placeholder-todo]\n"
                         "\n5 findings in 1 file: 2 errors, 2 warnings, 1 info (stale 1, "
                         "unverified 1, link 3).\n")
        self.assertEqual(p.returncode, 1)

    def test_same_as_the_saved_file(self):
        # once saved, `kblint check` on the file reports the same, with the same fingerprints
        self.write("kb/guide/buffer.md", BUFFER)
        args = ["check", "--format", "gitlab"]
        a = run(args + ["--stdin", "--stdin-filename", "kb/guide/buffer.md"], self.tmp, stdin=BUFFER)
        b = run(args + ["kb"], self.tmp)
        mine = [x for x in json.loads(b.stdout) if x["location"]["path"] == "kb/guide/buffer.md"]
        self.assertEqual(json.loads(a.stdout), mine)

    def test_yaml_by_extension_and_absolute_name(self):
        name = os.path.join(self.tmp, "kb", "faq.yaml")
        p = run(["check", "--stdin", "--stdin-filename", name, "--quiet"], "/", stdin=FAQ)
        self.assertEqual(p.stdout, "%s:5:10: warning: placeholder 'TBD' must not reach customers "
                                   "[placeholder-todo]\n" % name)
        self.assertEqual(p.returncode, 0)

    def test_new_file_and_folder(self):
        # a buffer not saved yet, in a folder that does not exist yet: the config above is used
        p = run(["check", "--stdin", "--stdin-filename", "kb/new/page.md", "--format", "json"],
                self.tmp, stdin=BUFFER.replace("target.md", "../guide/target.md"))
        doc = json.loads(p.stdout)
        self.assertEqual(doc["files_checked"], 1)
        self.assertEqual(doc["today"], "2026-11-25")
        rules = [(f["file"], f["rule"]) for f in doc["findings"]]
        self.assertIn(("kb/new/page.md", "link-missing-anchor"), rules)
        self.assertIn(("kb/new/page.md", "placeholder-todo"), rules)
        self.assertEqual(set(f for f, _ in rules), {"kb/new/page.md"})

    def test_no_config_and_empty_input(self):
        p = run(["check", "--no-config", "--today", "2026-11-25", "--stdin", "--stdin-filename",
                 "x.md"], self.tmp, stdin="")
        lines = p.stdout.split("\n\n")[0].splitlines()
        self.assertIn("x.md:1:1: warning: no review date (add one of: last_reviewed_on, "
                      "last_reviewed, last_verified, reviewed_on, reviewed, ms.date) "
                      "[reviewed-missing]", lines)
        self.assertTrue(all(l.startswith("x.md:1:1: ") for l in lines), lines)
        self.assertNotIn("kb/", p.stdout)

    def test_load_error(self):
        p = run(["check", "--stdin", "--stdin-filename", "kb/bad.md"], self.tmp,
                stdin="---\ntitle: [x\n---\nText.\n")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, "kb/bad.md:3:1: error: invalid YAML in front matter: did not "
                                   "find expected ',' or ']' while parsing a flow sequence started "
                                   "at line 2, column 8\n\nNo file checked.\n"
                                   "1 file could not be checked.\n")

    def test_with_baseline(self):
        p = run(["check", "--write-baseline", "b.json", "kb"], self.tmp)
        self.assertEqual(p.returncode, 0)
        # the saved text's XXX is in the baseline; the buffer adds a TBD
        text = HEAD % ("Buffer", "2026-11-01", "Buffer") + "Saved. XXX\n\nNow TBD.\n"
        p = run(["check", "--stdin", "--stdin-filename", "kb/guide/buffer.md", "--baseline",
                 "b.json", "--quiet"], self.tmp, stdin=text)
        self.assertEqual(p.stdout, "kb/guide/buffer.md:10:5: warning: placeholder 'TBD' must not "
                                   "reach customers [placeholder-todo]\n")

    def test_usage_errors(self):
        for args, msg in [
            (["--stdin"], "--stdin needs --stdin-filename PATH"),
            (["--stdin-filename", "a.md"], "--stdin-filename needs --stdin"),
            (["--stdin", "--stdin-filename", "a.md", "kb"], "--stdin takes no PATH, not 'kb'"),
            (["--stdin", "--stdin-filename", "kb/"], "--stdin-filename must name a file, not 'kb/'"),
            (["--stdin", "--stdin-filename", ""], "--stdin-filename must name a file, not ''"),
        ]:
            p = run(["check"] + args, self.tmp, stdin="")
            self.assertEqual(p.returncode, 2, args)
            self.assertTrue(p.stderr.startswith("kblint: %s\nusage: kblint" % msg), p.stderr)
        p = run(["facts", "--stdin"], self.tmp, stdin="")
        self.assertTrue(p.stderr.startswith("kblint: option '--stdin' does not apply to this command\n"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
