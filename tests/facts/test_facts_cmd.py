#!/usr/bin/python3
"""`kblint facts`: every stated fact value, as text, JSON and CSV, on a small knowledge base with
a facts file. KBLINT names the binary under test."""
import csv
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

CONFIG = "facts: facts.yaml\n"
FACTS = """\
facts:
  - key: refund-window
    value: 30 days
    source: https://policies.example.com/refunds
    patterns:
      - '(?i)refunds? (?:are|is) (?:accepted|available|issued) within (?<value>[^.,;]+?days)'
"""
# a front-matter fact that disagrees (line 4), one with no canonical value (line 5), a canonical
# fact stated in prose that agrees (line 9), and a sentence whose skeleton has a comma (line 10)
REFUNDS = """\
---
last_reviewed_on: 2026-11-01
facts:
  refund-window: 14 days
  support-hours: 9am-5pm ET
---
# Refunds

Refunds are issued within thirty (30) days of purchase.
In the continental US, standard shipping takes 5 business days.
"""
# two sentences on one line: rows sort by column too
FAQ = """\
---
last_reviewed_on: 2026-11-01
---
# FAQ

Refunds are issued within 21 days of purchase. In the continental US, standard shipping takes 7 business days.
"""
BROKEN = """\
---
title: [oops
---
Refunds are issued within 10 days of purchase.
"""

SHIPPING = "in the continental us, standard shipping takes <V>"
REFUND_SENTENCE = "refunds are issued within <V> of purchase"
# (key, value, raw, file, line, column, canonical): in walk order, then line and column; at one
# place, the canonical fact before the sentence that states it
ROWS = [
    ("refund-window", "14 days", "14 days", "kb/billing/refunds.md", 4, 18, "differs"),
    ("facts: support-hours", "09:00-17:00 ET", "9am-5pm ET", "kb/billing/refunds.md", 5, 18, None),
    ("refund-window", "30 days", "thirty (30) days", "kb/billing/refunds.md", 9, 27, "agrees"),
    (REFUND_SENTENCE, "30 days", "thirty (30) days", "kb/billing/refunds.md", 9, 27, None),
    (SHIPPING, "5 business days", "5 business days", "kb/billing/refunds.md", 10, 48, None),
    ("refund-window", "21 days", "21 days", "kb/faq.md", 6, 27, "differs"),
    (REFUND_SENTENCE, "21 days", "21 days", "kb/faq.md", 6, 27, None),
    (SHIPPING, "7 business days", "7 business days", "kb/faq.md", 6, 95, None),
]
TEXT = (
    'kb/billing/refunds.md:4:18: refund-window = 14 days ("14 days") differs\n'
    'kb/billing/refunds.md:5:18: facts: support-hours = 09:00-17:00 ET ("9am-5pm ET")\n'
    'kb/billing/refunds.md:9:27: refund-window = 30 days ("thirty (30) days") agrees\n'
    'kb/billing/refunds.md:9:27: ' + REFUND_SENTENCE + ' = 30 days ("thirty (30) days")\n'
    'kb/billing/refunds.md:10:48: ' + SHIPPING + ' = 5 business days ("5 business days")\n'
    'kb/faq.md:6:27: refund-window = 21 days ("21 days") differs\n'
    'kb/faq.md:6:27: ' + REFUND_SENTENCE + ' = 21 days ("21 days")\n'
    'kb/faq.md:6:95: ' + SHIPPING + ' = 7 business days ("7 business days")\n'
)


def run(*args, cwd=None):
    """kbtest.run as (status, stdout, stderr)."""
    p = kbtest.run(args, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


class FactsCommand(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        self.write("kb/.kblint.yaml", CONFIG)
        self.write("kb/facts.yaml", FACTS)
        self.write("kb/billing/refunds.md", REFUNDS)
        self.write("kb/faq.md", FAQ)

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def facts(self, *args):
        return run("facts", *args, "kb", cwd=self.dir)

    def test_text(self):
        code, out, err = self.facts()
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, TEXT)

    def test_text_is_the_default_format(self):
        self.assertEqual(self.facts("--format", "text"), self.facts())

    def test_text_line_of_each_kind(self):
        lines = self.facts()[1].splitlines()
        # a canonical fact in prose that agrees, one in the front matter that differs
        self.assertIn('kb/billing/refunds.md:9:27: refund-window = 30 days ("thirty (30) days") '
                      'agrees', lines)
        self.assertIn('kb/billing/refunds.md:4:18: refund-window = 14 days ("14 days") differs',
                      lines)
        # a front-matter fact with no canonical value, and a sentence skeleton: no verdict
        self.assertIn('kb/billing/refunds.md:5:18: facts: support-hours = 09:00-17:00 ET '
                      '("9am-5pm ET")', lines)
        self.assertIn('kb/faq.md:6:95: in the continental us, standard shipping takes <V> = '
                      '7 business days ("7 business days")', lines)

    def test_json(self):
        code, out, err = self.facts("--format", "json")
        self.assertEqual((code, err), (0, ""))
        rows = json.loads(out)
        self.assertIsInstance(rows, list)
        for r in rows:
            self.assertEqual(list(r),
                             ["key", "value", "raw", "file", "line", "column", "canonical"])
        got = [(r["key"], r["value"], r["raw"], r["file"], r["line"], r["column"], r["canonical"])
               for r in rows]
        self.assertEqual(got, ROWS)

    def test_json_empty(self):
        self.write("empty/a.md", "---\nlast_reviewed_on: 2026-11-01\n---\nNothing to state.\n")
        code, out, err = run("facts", "--no-config", "--format", "json", "empty", cwd=self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(json.loads(out), [])

    def test_csv(self):
        code, out, err = self.facts("--format", "csv")
        self.assertEqual((code, err), (0, ""))
        table = list(csv.reader(io.StringIO(out, newline="")))
        self.assertEqual(table[0], ["key", "value", "raw", "file", "line", "column", "canonical"])
        want = [[k, v, raw, f, str(line), str(col), canon or ""]
                for k, v, raw, f, line, col, canon in ROWS]
        self.assertEqual(table[1:], want)
        # the skeleton's comma is quoted, not a column break
        self.assertTrue(all(len(r) == 7 for r in table))

    def test_sorted_by_file_and_position(self):
        rows = json.loads(self.facts("--format", "json")[1])
        order = ["kb/billing/refunds.md", "kb/faq.md"]  # walk order: byte order of names
        keys = [(order.index(r["file"]), r["line"], r["column"]) for r in rows]
        self.assertEqual(keys, sorted(keys))
        self.assertEqual([r["file"] for r in rows].count("kb/faq.md"), 3)

    def test_unknown_format_is_a_usage_error(self):
        code, out, err = self.facts("--format", "xml")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        first, rest = err.split("\n", 1)
        self.assertEqual(first, "kblint: unknown format 'xml' for facts "
                                "(expected one of: text, json, csv)")
        self.assertTrue(rest.startswith("usage: kblint "), rest)

    def test_unloadable_file_exits_1_and_lists_the_others(self):
        self.write("kb/broken.md", BROKEN)
        code, out, err = self.facts()
        self.assertEqual(code, 1)
        self.assertEqual(out, TEXT)
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        # as `kblint check` names it: file:line:column
        self.assertTrue(
            lines[0].startswith("kb/broken.md:3:1: error: invalid YAML in front matter: "), err)
        code, out, err = self.facts("--format", "json")
        self.assertEqual(code, 1)
        self.assertEqual(len(json.loads(out)), len(ROWS))

    def test_facts_file_is_not_an_article(self):
        files = {r["file"] for r in json.loads(self.facts("--format", "json")[1])}
        self.assertEqual(files, {"kb/billing/refunds.md", "kb/faq.md"})


class ConflictRelated(unittest.TestCase):
    """The related locations of a sentence conflict, which the golden tests cannot show."""

    def test_check_json_related(self):
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "kb"))
            for name, n in (("a.md", 5), ("b.md", 7), ("c.md", 5), ("d.md", 5)):
                with open(os.path.join(d, "kb", name), "w") as f:
                    f.write("---\nlast_reviewed_on: 2026-11-01\nowner: logistics\n---\n# Shipping\n\n"
                            "Standard shipping takes %d business days within the continental US.\n"
                            % n)
            code, out, err = run("check", "--no-config", "--today", "2026-11-25", "--format",
                                 "json", "kb", cwd=d)
            self.assertEqual((code, err), (0, ""))
            found = json.loads(out)["findings"]
            self.assertEqual(len(found), 1, found)
            f = found[0]
            # three of four agree: the finding is at the outlier, the three others related
            self.assertEqual((f["file"], f["line"], f["column"], f["rule"], f["severity"]),
                             ("kb/b.md", 7, 25, "sentence-conflict", "warning"))
            self.assertEqual(f["message"], "says 7 business days, but the same sentence says "
                                           "5 business days in 3 other places")
            self.assertEqual(f["related"], [
                {"file": "kb/a.md", "line": 7, "column": 25, "message": "says 5 business days"},
                {"file": "kb/c.md", "line": 7, "column": 25, "message": "says 5 business days"},
                {"file": "kb/d.md", "line": 7, "column": 25, "message": "says 5 business days"},
            ])


if __name__ == "__main__":
    unittest.main(verbosity=2)
