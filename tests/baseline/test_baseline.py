#!/usr/bin/python3
"""Baselines: `kblint check --write-baseline FILE` records the findings of a run, and
`--baseline FILE` reports only the findings that are not in it. Checks the file's exact shape,
that inserted lines do not make a finding new, that fixed findings leave the baseline on the
next write, the exit status, and the errors for a baseline that cannot be read or parsed."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from kbtest import run  # noqa: E402  (tests/support; NO_COLOR=1, as these tests always ran)

CONFIG = "today: 2026-11-25\n"
HEAD = "---\ntitle: %s\nowner: support-ops\nlast_reviewed_on: %s\n---\n# %s\n\n"
REFUNDS = HEAD % ("Refunds", "2025-01-10", "Refunds") + (
    "Refunds are issued within 30 days. TODO: check with finance.\n\n"
    "Contact billing for anything else.\n")
SHIPPING = HEAD % ("Shipping", "2026-11-01", "Shipping") + (
    'We ship worldwide. See [returns](returns.md) and the "quoted" TBD\tpart.\n')
CLEAN = HEAD % ("Clean", "2026-11-01", "Clean") + "Nothing to see here.\n"


class Baseline(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.kb = os.path.join(self.tmp, "kb")
        os.mkdir(self.kb)
        self.write(".kblint.yaml", CONFIG)
        self.write("refunds.md", REFUNDS)
        self.write("shipping.md", SHIPPING)
        self.write("clean.md", CLEAN)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, text):
        with open(os.path.join(self.kb, name), "w", encoding="utf-8") as f:
            f.write(text)

    def read(self, name):
        with open(os.path.join(self.tmp, name), encoding="utf-8") as f:
            return f.read()

    def findings(self, *extra):
        """(fingerprint, rule, file, line, column, message) of every finding, from GitLab's
        format (which carries the fingerprint) and JSON (which carries the column)."""
        g = run(["check", "--format", "gitlab", *extra, "kb"], self.tmp)
        j = run(["check", "--format", "json", *extra, "kb"], self.tmp)
        gl = [x for x in json.loads(g.stdout) if x["check_name"] != "load-error"]
        js = json.loads(j.stdout)["findings"]
        self.assertEqual(len(gl), len(js))
        return [(a["fingerprint"], b["rule"], b["file"], b["line"], b["column"], b["message"])
                for a, b in zip(gl, js)]

    def write_baseline(self, name="baseline.json"):
        p = run(["check", "--write-baseline", name, "kb"], self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        return p

    def test_exact_shape(self):
        p = self.write_baseline()
        found = self.findings()
        self.assertGreaterEqual(len(found), 4)
        self.assertEqual(p.stdout, "baseline.json: recorded %d findings\n" % len(found))
        ordered = sorted(found, key=lambda f: (f[2].encode(), f[3], f[4], f[1], f[0]))
        lines = ['    {"fingerprint": "%s", "rule": %s, "file": %s, "line": %d, "message": %s}'
                 % (fp, json.dumps(rule), json.dumps(file), line, json.dumps(msg, ensure_ascii=False))
                 for fp, rule, file, line, col, msg in ordered]
        want = ('{\n  "tool": "kblint",\n  "baseline": 1,\n  "findings": [\n'
                + ",\n".join(lines) + "\n  ]\n}\n")
        self.assertEqual(self.read("baseline.json"), want)
        doc = json.loads(want)
        self.assertEqual(len(doc["findings"]), len(found))
        # the same run writes the same bytes: the file diffs well in review
        self.write_baseline("again.json")
        self.assertEqual(self.read("again.json"), want)
        # atomic: no temporary file is left beside it
        self.assertEqual(sorted(os.listdir(self.tmp)), ["again.json", "baseline.json", "kb"])

    def test_empty_baseline_shape(self):
        shutil.rmtree(self.kb)
        os.mkdir(self.kb)
        self.write("clean.md", CLEAN)
        p = self.write_baseline()
        self.assertEqual(p.stdout, "baseline.json: recorded 0 findings\n")
        self.assertEqual(self.read("baseline.json"),
                         '{\n  "tool": "kblint",\n  "baseline": 1,\n  "findings": []\n}\n')
        p = run(["check", "--baseline", "baseline.json", "kb"], self.tmp)
        self.assertEqual((p.returncode, p.stdout), (0, "No findings in 1 file.\n"))

    def test_nothing_new(self):
        self.write_baseline()
        p = run(["check", "--baseline", "baseline.json", "kb"], self.tmp)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(p.stdout, "No findings in 3 files.\n")
        self.assertEqual(p.stderr, "")

    def test_inserted_lines_keep_findings_old(self):
        self.write_baseline()
        before = {f[0]: f for f in self.findings()}
        # lines inserted above every finding, in the front matter and in the body
        self.write("refunds.md", REFUNDS.replace("owner:", "# a comment\nowner:").replace(
            "# Refunds\n", "# Refunds\n\nA new first paragraph.\n\nAnd a second one.\n"))
        self.write("shipping.md", SHIPPING.replace("# Shipping\n", "# Shipping\n\n\n\nIntro.\n"))
        after = {f[0]: f for f in self.findings()}
        self.assertEqual(set(before), set(after))
        moved = [fp for fp in before if before[fp][3] != after[fp][3]]
        self.assertGreaterEqual(len(moved), 3, "the findings should have moved down")
        p = run(["check", "--baseline", "baseline.json", "kb"], self.tmp)
        self.assertEqual((p.returncode, p.stdout), (0, "No findings in 3 files.\n"))

    def test_new_finding_reported_and_exit_status(self):
        self.write_baseline()
        self.write("clean.md", CLEAN + "\nAsk FIXME about this.\n")
        p = run(["check", "--baseline", "baseline.json", "kb"], self.tmp)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout,
                         "kb/clean.md:10:5: error: placeholder 'FIXME' must not reach customers "
                         "[placeholder-todo]\n\n1 finding in 1 of 3 files: 1 error (unverified 1).\n")
        # the same text twice: the second copy is new too
        self.write_baseline()
        self.write("clean.md", CLEAN + "\nAsk FIXME about this.\n\nAsk FIXME about this.\n")
        p = run(["check", "--baseline", "baseline.json", "--quiet", "kb"], self.tmp)
        self.assertEqual(p.stdout,
                         "kb/clean.md:12:5: error: placeholder 'FIXME' must not reach customers "
                         "[placeholder-todo]\n")

    def test_exit_status_follows_reported(self):
        self.write_baseline()
        # the baselined errors remain; a new warning alone does not fail at --fail-on error
        self.write("clean.md", CLEAN + "\nSee [the policy](http://example.com/policy).\n")
        p = run(["check", "--baseline", "baseline.json", "--quiet", "kb"], self.tmp)
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertIn("[link-insecure-http]", p.stdout)
        self.assertNotIn("placeholder-todo", p.stdout)
        p = run(["check", "--baseline", "baseline.json", "--fail-on", "warning", "kb"], self.tmp)
        self.assertEqual(p.returncode, 1)
        # without the baseline, the run fails on the old errors
        self.assertEqual(run(["check", "kb"], self.tmp).returncode, 1)

    def test_fixed_findings_leave_the_baseline(self):
        self.write_baseline()
        old_text = self.read("baseline.json")
        doc = json.loads(old_text)
        rules = [f["rule"] for f in doc["findings"] if f["file"] == "kb/refunds.md"]
        self.assertIn("placeholder-todo", rules)
        self.write("refunds.md", REFUNDS.replace(" TODO: check with finance.", ""))
        p = self.write_baseline()
        after = json.loads(self.read("baseline.json"))
        self.assertEqual(len(after["findings"]), len(doc["findings"]) - 1)
        self.assertEqual(p.stdout, "baseline.json: recorded %d findings\n" % len(after["findings"]))
        self.assertNotIn("placeholder-todo",
                         [f["rule"] for f in after["findings"] if f["file"] == "kb/refunds.md"])
        # the rest are the same lines as before, and only the fixed one is gone
        old_lines = [l.rstrip(",") for l in old_text.splitlines()]
        new_lines = [l.rstrip(",") for l in self.read("baseline.json").splitlines()]
        gone = [l for l in old_lines if l not in new_lines]
        self.assertEqual(len(gone), 1)
        self.assertIn('"rule": "placeholder-todo", "file": "kb/refunds.md"', gone[0])
        self.assertEqual([l for l in new_lines if l not in old_lines], [])

    def test_write_baseline_exits_0_and_ignores_min_severity(self):
        self.write("clean.md", CLEAN + "\nSee [the policy](http://example.com/policy).\n")
        p = run(["check", "--write-baseline", "b.json", "--min-severity", "error", "kb"], self.tmp)
        self.assertEqual(p.returncode, 0)
        doc = json.loads(self.read("b.json"))
        self.assertEqual(len(doc["findings"]), len(self.findings()))
        self.assertIn("link-insecure-http", [f["rule"] for f in doc["findings"]])

    def test_write_baseline_replaces_and_fails_cleanly(self):
        with open(os.path.join(self.tmp, "b.json"), "w") as f:
            f.write("old")
        self.write_baseline("b.json")
        self.assertTrue(self.read("b.json").startswith("{\n"))
        p = run(["check", "--write-baseline", "no/such/dir/b.json", "kb"], self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, "kblint: cannot write no/such/dir/b.json: No such file or directory\n")

    def test_hostile_text_stays_valid_json(self):
        self.write("weird \"name\".md", HEAD % ("W", "2026-11-01", "W") +
                   'TODO \x01 "quotes" \\ back\\slash <tag> caf\u00e9\n')
        self.write_baseline()
        doc = json.loads(self.read("baseline.json"))
        files = [f["file"] for f in doc["findings"]]
        self.assertIn('kb/weird "name".md', files)
        p = run(["check", "--baseline", "baseline.json", "kb"], self.tmp)
        self.assertEqual(p.returncode, 0, p.stdout)

    def test_unreadable_baseline(self):
        p = run(["check", "--baseline", "missing.json", "kb"], self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, "missing.json: error: cannot read the baseline: No such file or "
                                   "directory (write one with 'kblint check --write-baseline "
                                   "missing.json')\n")
        os.mkdir(os.path.join(self.tmp, "adir"))
        p = run(["check", "--baseline", "adir", "kb"], self.tmp)
        self.assertEqual((p.returncode, p.stderr),
                         (2, "adir: error: cannot read the baseline: is a directory (write one "
                             "with 'kblint check --write-baseline adir')\n"))

    def test_invalid_baselines(self):
        # a syntax error (jansson's) has a line and column; a value the baseline cannot hold is
        # named by its path in the document, since a parsed JSON value keeps no position
        bad = ": error: invalid baseline: "
        cases = [
            ("", "b.json:1:1" + bad + "the file is empty\n"),
            ("[]", "b.json" + bad + 'expected an object with a "findings" list\n'),
            ('{"tool": "kblint"}', "b.json" + bad + 'no "findings" list\n'),
            ('{"findings": {}}', "b.json" + bad + "findings: must be a list\n"),
            ('{\n  "findings": [\n    {"fingerprint": "0123"}\n  ]\n}\n',
             "b.json" + bad + "findings[0].fingerprint: a fingerprint is 16 lower-case hex digits\n"),
            ('{"findings": [{"fingerprint": "0123456789abcdef"}, {"fingerprint": "0123456789ABCDEF"}]}',
             "b.json" + bad + "findings[1].fingerprint: a fingerprint is 16 lower-case hex digits\n"),
            ('{\n  "findings": [\n    {"rule": "x"}\n  ]\n}\n',
             "b.json" + bad + 'findings[0]: a finding without a "fingerprint"\n'),
            ('{\n  "findings": [\n    {"fingerprint": "0123456789abcdef"},\n  ]\n}\n',
             "b.json:4:3" + bad + "a comma before ']'\n"),
            ('{"findings": [], }', "b.json:1:18" + bad + "a comma before '}'\n"),
            ('{"findings": []} x', "b.json:1:18" + bad + "text after the end of the baseline\n"),
            ('{"findings": [', "b.json:1:15" + bad + "the file ends too early\n"),
            ('{"findings": ["a"]}', "b.json" + bad + "findings[0]: must be an object\n"),
            ('{"findings": [{"fingerprint": 12}]}',
             "b.json" + bad + "findings[0].fingerprint: must be a string\n"),
            ('{"x": "a\\q", "findings": []}', "b.json:1:10" + bad + "invalid escape in a string\n"),
            ('{"findings": [],\n "findings": []}',
             "b.json:2:11" + bad + 'the key "findings" appears twice in one object\n'),
        ]
        for text, err in cases:
            with open(os.path.join(self.tmp, "b.json"), "w") as f:
                f.write(text)
            p = run(["check", "--baseline", "b.json", "kb"], self.tmp)
            self.assertEqual((p.returncode, p.stdout, p.stderr), (2, "", err), text)
        # extra keys and values of every JSON type are fine; only fingerprints matter
        with open(os.path.join(self.tmp, "b.json"), "w") as f:
            f.write('{"findings": [{"fingerprint": "0123456789abcdef", "line": -1.5e3, '
                    '"x": [true, false, null, {"y": "\\u00e9\\n"}]}], "note": "hi"}')
        p = run(["check", "--baseline", "b.json", "--quiet", "kb"], self.tmp)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr, "")

    def test_usage_errors(self):
        usage_start = "usage: kblint [check]"
        for args, msg in [
            (["--baseline", "a", "--write-baseline", "b"], "--baseline and --write-baseline cannot be used together"),
            (["--write-baseline", "b", "--changed-since", "HEAD"], "--write-baseline and --changed-since cannot be used together"),
            (["--write-baseline", "b", "--stdin", "--stdin-filename", "x.md"], "--write-baseline and --stdin cannot be used together"),
            (["--baseline"], "option '--baseline' needs a value"),
        ]:
            p = run(["check"] + args, self.tmp)
            self.assertEqual(p.returncode, 2, args)
            self.assertTrue(p.stderr.startswith("kblint: %s\n%s" % (msg, usage_start)), p.stderr)
        p = run(["rules", "--baseline", "b.json"], self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith("kblint: option '--baseline' does not apply to this command\n"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
