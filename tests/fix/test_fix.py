#!/usr/bin/python3
"""`kblint check --fix`, `--unsafe-fixes` and `--diff`: whole files compared byte for byte before
and after, the fixes of each kind (a substitution's term with its case kept, a pattern rule's
template, a fact's canonical value), safety, overlapping edits, the fix in JSON, and the exact
messages and exit statuses. KBLINT names the binary under test."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

TODAY = "2026-11-25"
HEAD = "---\ntitle: T\nowner: x\nlast_reviewed_on: 2026-11-01\n---\n"
FACTS = ("facts:\n  - key: refund-window\n    value: 30 days\n"
         "    patterns: ['(?i)refunds are accepted within (?<value>\\d+ days)']\n")


def run(*args, cwd):
    p = kbtest.run(["check", "--today", TODAY] + list(args), cwd=cwd, binary=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


class Fix(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.config("")

    def config(self, extra):
        with open(os.path.join(self.dir, ".kblint.yaml"), "w") as f:
            f.write("today: %s\nfacts: facts.yaml\n%s" % (TODAY, extra))
        with open(os.path.join(self.dir, "facts.yaml"), "w") as f:
            f.write(FACTS)

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def read(self, name):
        with open(os.path.join(self.dir, name), "rb") as f:
            return f.read()

    def test_safe_fix_rewrites_only_the_term(self):
        # CRLF line ends, a non-ASCII word before the term and a trailing space stay as they are
        before = (HEAD.replace("\n", "\r\n") +
                  "Café: sign in prior to changing your plan. \r\nUtilize the form, in order to\r\nsave.\r\n")
        self.write("a.md", before)
        code, out, err = run("--fix", "a.md", cwd=self.dir)
        self.assertEqual(err, "kblint: fixed 3 findings in 1 file\n")
        self.assertEqual(self.read("a.md"), before.replace("prior to", "before")
                         .replace("Utilize", "Use").replace("in order to", "to").encode())
        # the report is of the file as it is now: nothing left
        self.assertEqual(code, 0, out)
        self.assertNotIn("plain-words", out)

    def test_inflected_form_and_case(self):
        self.write("a.md", HEAD + "We utilised the old e-mails. Utilising it helps.\n")
        code, _, err = run("--fix", "a.md", cwd=self.dir)
        self.assertEqual(err, "kblint: fixed 3 findings in 1 file\n")
        self.assertEqual(self.read("a.md"), (HEAD + "We used the old emails. Using it helps.\n").encode())

    def test_unsafe_fix_needs_unsafe_fixes(self):
        text = HEAD + "Refunds are accepted within 14 days, prior to shipping.\n"
        self.write("a.md", text)
        code, out, err = run("--fix", "a.md", cwd=self.dir)
        self.assertEqual(err, "kblint: fixed 1 finding in 1 file (1 more with --unsafe-fixes)\n")
        self.assertEqual(self.read("a.md"), text.replace("prior to", "before").encode())
        self.assertEqual(code, 1)  # the contradiction remains, and is reported
        self.assertIn("fact-contradiction", out)
        code, out, err = run("--unsafe-fixes", "a.md", cwd=self.dir)
        self.assertEqual(err, "kblint: fixed 1 finding in 1 file\n")
        self.assertEqual(self.read("a.md"),
                         text.replace("prior to", "before").replace("14 days", "30 days").encode())
        self.assertEqual(code, 0, out)

    def test_diff_writes_nothing(self):
        text = HEAD + "Refunds are accepted within 14 days, prior to shipping.\n"
        self.write("a.md", text)
        code, out, err = run("--diff", "a.md", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertEqual(out, "--- a/a.md\n+++ b/a.md\n@@ -3,4 +3,4 @@\n owner: x\n"
                              " last_reviewed_on: 2026-11-01\n ---\n"
                              "-Refunds are accepted within 14 days, prior to shipping.\n"
                              "+Refunds are accepted within 14 days, before shipping.\n")
        self.assertEqual(err, "kblint: the diff fixes 1 finding in 1 file (1 more with --unsafe-fixes)\n")
        self.assertEqual(self.read("a.md"), text.encode())
        code, out, err = run("--diff", "--unsafe-fixes", "a.md", cwd=self.dir)
        self.assertEqual(code, 1)
        self.assertIn("+Refunds are accepted within 30 days, before shipping.\n", out)
        self.assertEqual(err, "kblint: the diff fixes 2 findings in 1 file\n")
        self.assertEqual(self.read("a.md"), text.encode())
        # nothing to fix: no diff, exit 0
        self.write("b.md", HEAD + "Nothing to change here.\n")
        self.assertEqual(run("--diff", "b.md", cwd=self.dir),
                         (0, "", "kblint: the diff fixes 0 findings in 0 files\n"))

    def test_pattern_rule_fix_template_and_safety(self):
        self.write("rules.yaml", """rules:
  - id: working-days
    kind: pattern
    category: style
    severity: warning
    message: "say working days"
    pattern: '(?<n>\\d+) business days'
    fix: '${n} working days'
    fix_safety: safe
  - id: no-changing
    kind: pattern
    category: style
    severity: info
    message: "say editing"
    pattern: 'to changing'
    fix: 'to editing'
""")
        self.config("rules: [rules.yaml]\n")
        text = HEAD + "Allow 5 business days. Sign in prior to changing your plan.\n"
        self.write("a.md", text)
        code, out, err = run("-f", "json", "a.md", cwd=self.dir)
        found = {f["rule"]: f for f in json.loads(out)["findings"]}
        wd = found["working-days"]
        self.assertEqual(wd["fix"], {"safety": "safe", "edits": [
            {"line": 6, "column": 7, "end_line": 6, "end_column": 22, "replacement": "5 working days"}]})
        self.assertEqual((wd["line"], wd["column"], wd["end_line"], wd["end_column"]), (6, 7, 6, 22))
        self.assertEqual(found["no-changing"]["fix"]["safety"], "unsafe")
        self.assertEqual(found["no-changing"]["fix"]["edits"][0]["replacement"], "to editing")
        # 'prior to' (plain-words) and 'to changing' overlap: the first edit is made, and the
        # other is not applied over it
        code, out, err = run("--unsafe-fixes", "a.md", cwd=self.dir)
        self.assertEqual(err, "kblint: fixed 2 findings in 1 file\n")
        self.assertEqual(self.read("a.md"),
                         (HEAD + "Allow 5 working days. Sign in before changing your plan.\n").encode())

    def test_same_edit_from_two_rules_is_made_once(self):
        self.write("rules.yaml", """rules:
  - id: before-please
    kind: substitution
    category: style
    severity: info
    message: "use '${use}'"
    swap: {prior to: before}
""")
        self.config("rules: [rules.yaml]\n")
        self.write("a.md", HEAD + "Sign in prior to paying.\n")
        code, out, err = run("--fix", "a.md", cwd=self.dir)
        self.assertEqual(err, "kblint: fixed 2 findings in 1 file\n")
        self.assertEqual(self.read("a.md"), (HEAD + "Sign in before paying.\n").encode())

    def test_yaml_answer(self):
        text = ("- question: How do I pay?\n  owner: x\n  last_reviewed_on: 2026-11-01\n"
                "  answer: |\n    Pay prior to the end of the month.\n")
        self.write("faq.yaml", text)
        code, out, err = run("--fix", "faq.yaml", cwd=self.dir)
        self.assertEqual(err, "kblint: fixed 1 finding in 1 file\n")
        self.assertEqual(self.read("faq.yaml"), text.replace("prior to", "before").encode())

    def test_bad_fix_safety(self):
        self.write("rules.yaml", """rules:
  - id: r
    kind: substitution
    category: style
    severity: info
    message: "use '${use}'"
    swap: {a: b}
    fix_safety: maybe
""")
        self.config("rules: [rules.yaml]\n")
        self.write("a.md", HEAD + "x\n")
        code, out, err = run("a.md", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err, "rules.yaml:8:17: error: 'fix_safety' must be safe (kblint check --fix "
                              "applies the fix) or unsafe (only --unsafe-fixes does)\n")

    def test_usage_errors(self):
        self.write("a.md", HEAD + "x\n")
        for args, msg in ((["--fix", "--stdin", "--stdin-filename", "a.md"], "--fix and --stdin cannot be used together"),
                          (["--diff", "--fix", "a.md"], "--diff and --fix cannot be used together")):
            code, out, err = run(*args, cwd=self.dir)
            self.assertEqual(code, 2)
            self.assertTrue(err.startswith("kblint: %s\n" % msg), err)


if __name__ == "__main__":
    unittest.main()
