#!/usr/bin/python3
"""kblint check --column-unit (docs/usage.md, Options of check; docs/editors.md): columns in characters
(Unicode code points, the default), UTF-8 bytes or UTF-16 code units, a tab counting 1 in each,
for per-article findings, cross-article findings (links, sentence conflicts), suppressions and
load errors, in the text, JSON and other formats; SARIF keeps code points. KBLINT names the
binary under test."""
import json
import os
import re
import sys
import tempfile
import unittest

import kbfixture

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

LINE = re.compile(r"^(.+?):(\d+):(\d+): (error|warning|info): (.*?)(?: \[([^\]]+)\])?$")


def run(args, cwd, stdin=None):
    """kbtest.run as (status, stdout, stderr)."""
    p = kbtest.run(args, cwd=cwd, stdin=stdin)
    return p.returncode, p.stdout, p.stderr


class Columns(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.dir = cls._tmp.name
        kbfixture.write(cls.dir)
        cls.lines = {}
        for name in kbfixture.FILES:
            with open(os.path.join(cls.dir, name), encoding="utf-8") as f:
                cls.lines[name] = f.read().split("\n")

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def findings(self, unit, *extra):
        args = kbfixture.ARGS + (["--column-unit", unit] if unit else []) + list(extra) + ["."]
        code, out, err = run(args, self.dir)
        self.assertEqual(code, 1, err)
        got = []
        for l in out.splitlines():
            m = LINE.match(l)
            self.assertTrue(m, l)
            got.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(6)))
        return got

    def test_exact_columns_on_one_line(self):
        # "Café €5 😀\tTODO": the TODO is character 11, byte 17, UTF-16 unit 12
        want = {"char": 11, "byte": 17, "utf-16": 12}
        for unit, col in want.items():
            todo = [f for f in self.findings(unit) if f[0] == "a.md" and f[1] == 5][0]
            self.assertEqual(todo[2], col, unit)

    def test_default_is_char(self):
        self.assertEqual(self.findings(None), self.findings("char"))

    def test_every_finding_in_every_unit(self):
        chars = self.findings("char")
        rules = {f[3] for f in chars}
        self.assertEqual(rules, set(kbfixture.WORDS), chars)
        for f, b, u in zip(chars, self.findings("byte"), self.findings("utf-16")):
            name, line, col, rule = f
            text = self.lines[name][line - 1]
            self.assertTrue(any(ord(c) > 127 for c in text[:col - 1]), "%s: nothing non-ASCII before" % (f,))
            self.assertTrue(text[col - 1:].startswith(kbfixture.WORDS[rule]), "%s: %r" % (f, text[col - 1:]))
            want_b, want_u = kbfixture.units(text, col)
            self.assertNotEqual(want_b, col)
            self.assertEqual((b[0], b[1], b[3]), (name, line, rule))
            self.assertEqual(b[2], want_b, f)
            self.assertEqual(u[2], want_u, f)

    def test_json_and_checkstyle_follow_the_unit(self):
        code, out, _ = run(kbfixture.ARGS + ["--column-unit", "byte", "--format", "json", "a.md"], self.dir)
        cols = [(f["line"], f["column"]) for f in json.loads(out)["findings"]]
        self.assertIn((5, 17), cols)
        code, out, _ = run(kbfixture.ARGS + ["--column-unit", "utf-16", "--format", "checkstyle", "a.md"], self.dir)
        self.assertIn('line="5" column="12"', out)

    def test_sarif_keeps_code_points(self):
        for unit in ("byte", "utf-16"):
            code, out, _ = run(kbfixture.ARGS + ["--column-unit", unit, "--format", "sarif", "a.md"], self.dir)
            cols = [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
                     r["locations"][0]["physicalLocation"]["region"]["startColumn"])
                    for r in json.loads(out)["runs"][0]["results"]]
            self.assertIn((5, 11), cols)

    def test_stdin(self):
        with open(os.path.join(self.dir, "a.md"), encoding="utf-8") as f:
            text = f.read()
        code, out, err = run(kbfixture.ARGS + ["--column-unit", "byte", "--stdin", "--stdin-filename", "a.md"],
                             self.dir, stdin=text)
        self.assertIn("a.md:5:17: error: placeholder 'TODO'", out, err)

    def test_bom_counts_in_no_unit(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "bom.md"), "w", encoding="utf-8") as f:
                f.write("\ufeffé TODO\n")
            for unit, col in (("char", 3), ("byte", 4), ("utf-16", 3)):
                _, out, _ = run(kbfixture.ARGS + ["--column-unit", unit, "bom.md"], d)
                self.assertIn("bom.md:1:%d: error: placeholder 'TODO'" % col, out)

    def test_bad_unit(self):
        code, out, err = run(["check", "--column-unit", "bytes", "."], self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err.splitlines()[0], "kblint: --column-unit must be one of char, byte, utf-16, not 'bytes'")
        code, out, err = run(["rules", "--column-unit", "byte"], self.dir)
        self.assertEqual(code, 2)
        self.assertEqual(err.splitlines()[0], "kblint: option '--column-unit' does not apply to this command")


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if r.wasSuccessful() else 1)
