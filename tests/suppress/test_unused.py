#!/usr/bin/python3
"""`kblint check --report-unused-disables`: a suppression that held back no finding in the whole
run is a finding (suppression-unused, style, info), once per rule it names, at that rule's id
(or at the comment, for one that names every rule). KBLINT names the binary under test.

The flag sets kb_engine.report_unused; without it nothing is said about unused suppressions."""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import write  # noqa: E402

TODAY = "2026-11-25"
FLAG = "--report-unused-disables"

HEAD = "---\nowner: support\nlast_reviewed_on: 2026-11-01\n---\n"

# line 5: plain-words is used (line 6), placeholder-todo is not; line 8: used by nothing;
# line 11: every rule, used by nothing; line 14: unknown id (reported as unknown, not unused);
# line 17: expired (reported as expired, not unused); line 19: an enable is never unused
ARTICLE = HEAD + """\
<!-- kblint-disable-next-line plain-words, placeholder-todo -->
Sign in prior to changing your plan.

<!-- kblint-disable-next-line plain-words -- fixed since -->
Sign in before changing your plan.

<!-- kblint-disable -->
Nothing to hold back here.
<!-- kblint-enable -->
<!-- kblint-disable-next-line plain-wrds -->
Sign in before changing your plan.

<!-- kblint-disable-next-line plain-words until=2026-01-31 -->
Sign in before changing your plan.
<!-- kblint-enable plain-words -->
"""

# the front matter's kblint.disable: plain-words is used, link-insecure-http is not
FRONT = """\
---
owner: support
last_reviewed_on: 2026-11-01
kblint:
  disable: [plain-words, link-insecure-http]
---
Sign in prior to changing your plan.
"""

# a finding across articles (a link to a missing page) is known only after every article is
# loaded: the suppression of it is still used
CROSS = HEAD + """\
<!-- kblint-disable-next-line link-missing-file -->
See [gift cards](gift-cards.md).
"""

FAQ = """\
- question: How do I sign in?
  owner: support
  last_reviewed_on: 2026-11-01
  kblint: {disable: [placeholder-todo]}
  answer: |
    Sign in before changing your plan.
"""


def run(*args, cwd):
    """kbtest.run as (status, stdout, stderr)."""
    p = kbtest.run(args, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


class Unused(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        write(self.dir, "kb/article.md", ARTICLE)
        write(self.dir, "kb/front.md", FRONT)
        write(self.dir, "kb/cross.md", CROSS)
        write(self.dir, "kb/faq.yaml", FAQ)

    def tearDown(self):
        self.tmp.cleanup()

    def check(self, *args, config=None):
        cfg = ["--config", config] if config else ["--no-config"]
        return run("check", "--today", TODAY, "--quiet", "--no-color", *cfg, *args, "kb",
                   cwd=self.dir)

    def unused(self, out):
        return [l for l in out.splitlines() if l.endswith("[suppression-unused]")]

    def test_not_reported_without_the_flag(self):
        code, out, err = self.check()
        self.assertEqual(err, "")
        self.assertEqual(self.unused(out), [])

    def test_reported_with_the_flag(self):
        code, out, err = self.check(FLAG)
        self.assertEqual(err, "")
        self.assertEqual(self.unused(out), [
            "kb/article.md:5:44: info: kblint-disable-next-line suppresses no finding of "
            "placeholder-todo [suppression-unused]",
            "kb/article.md:8:31: info: kblint-disable-next-line suppresses no finding of "
            "plain-words [suppression-unused]",
            "kb/article.md:11:1: info: kblint-disable suppresses no finding [suppression-unused]",
            "kb/faq.yaml:4:22: info: kblint.disable suppresses no finding of placeholder-todo "
            "[suppression-unused]",
            "kb/front.md:5:26: info: kblint.disable suppresses no finding of link-insecure-http "
            "[suppression-unused]",
        ], "the CLI must set kb_engine.report_unused from " + FLAG)
        # the other findings about suppressions are not repeated as unused
        self.assertIn("kb/article.md:14:31: warning: kblint-disable-next-line names unknown rule "
                      "'plain-wrds' (did you mean 'plain-words'?) [suppression-unknown-rule]",
                      out)
        self.assertIn("kb/article.md:17:1: info: suppression of plain-words expired on "
                      "2026-01-31 [suppression-expired]", out)
        # info findings leave the exit status alone
        self.assertEqual(code, 0, out)

    def test_json(self):
        code, out, err = self.check(FLAG, "--format", "json")
        found = [f for f in json.loads(out)["findings"] if f["rule"] == "suppression-unused"]
        self.assertEqual(len(found), 5)
        f = found[0]
        self.assertEqual((f["file"], f["line"], f["column"], f["category"], f["severity"],
                          f["owner"]), ("kb/article.md", 5, 44, "style", "info", "support"))

    def test_config_levels_and_turns_off(self):
        write(self.dir, "off.kblint", "severity:\n  suppression-unused: off\n")
        code, out, err = self.check(FLAG, config="off.kblint")
        self.assertEqual((err, self.unused(out)), ("", []))
        write(self.dir, "warn.kblint",
              "overrides:\n"
              "  - files: ['kb/front.md']\n"
              "    severity: {suppression-unused: warning}\n")
        code, out, err = self.check(FLAG, config="warn.kblint")
        self.assertEqual(err, "")
        self.assertIn("kb/front.md:5:26: warning: kblint.disable suppresses no finding of "
                      "link-insecure-http [suppression-unused]", out)
        self.assertIn("kb/article.md:11:1: info: kblint-disable suppresses no finding "
                      "[suppression-unused]", out)


if __name__ == "__main__":
    unittest.main()
