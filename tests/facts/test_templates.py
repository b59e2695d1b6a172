#!/usr/bin/python3
"""Sentence conflicts (sentence-conflict) in knowledge bases generated from templates: a
sentence stated with more than 256 distinct values (KB_STMT_MAX_VALUES, include/statements.h) is
a template, not a claim one value can contradict, and is never reported, even when one value
holds a majority; below that, a majority's outliers are reported as before. KBLINT names the
binary under test."""
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import write  # noqa: E402

CONFIG = "today: 2026-11-25\n"
ARTICLE = """\
---
title: Plan %(i)d
owner: billing-team
last_reviewed_on: 2026-11-01
---
# Plan %(i)d

The plan includes %(gb)d GB of storage.
"""


def write_kb(root, values):
    """One article per value in values, each stating it in the same sentence."""
    write(root, ".kblint.yaml", CONFIG)
    for i, gb in enumerate(values):
        write(root, "plan-%05d.md" % i, ARTICLE % {"i": i, "gb": gb})


def conflicts(root):
    p = kbtest.run(["check", "-f", "json", "--no-color", root], timeout=300)
    if p.returncode not in (0, 1):
        raise AssertionError(p.stderr)
    return [f for f in json.loads(p.stdout)["findings"] if f["rule"] == "sentence-conflict"]


class Templates(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_majority_with_few_values_is_reported(self):
        # 40 say 5 GB, 10 say something else (10 distinct values): the 10 are outliers
        write_kb(self.tmp, [5] * 40 + [100 + i for i in range(10)])
        found = conflicts(self.tmp)
        self.assertEqual(len(found), 1, found)
        self.assertEqual(os.path.basename(found[0]["file"]), "plan-00040.md")
        self.assertIn("says 100 GB, but 40 of 50 places with the same sentence say 5 GB",
                      found[0]["message"])

    def test_template_with_many_values_is_not_reported(self):
        # 900 say 5 GB and 256 other distinct values: 257 values in all, a template, although
        # 900 of 1156 (78%) agree
        write_kb(self.tmp, [5] * 900 + [100 + i for i in range(256)])
        self.assertEqual(conflicts(self.tmp), [])

    def test_at_the_limit_is_still_a_claim(self):
        # 256 distinct values (5 GB and 255 others): still reported
        write_kb(self.tmp, [5] * 900 + [100 + i for i in range(255)])
        found = conflicts(self.tmp)
        self.assertEqual(len(found), 1, found)
        self.assertIn("but 900 of 1155 places", found[0]["message"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
