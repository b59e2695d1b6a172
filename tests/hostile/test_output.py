#!/usr/bin/python3
"""Nothing hostile reaches a terminal, a spreadsheet or a CI page (docs/hardening.md, Output).

A knowledge base whose file names, front matter, prose, config and rule file hold a carriage
return, an OSC sequence (ESC ] ... BEL), DEL, a C1 control (U+009B, CSI), a right-to-left
override (U+202E) and an isolate (U+2066). Every command that prints such text (check in the text
and github formats, facts as text, CSV and JSON, verify, audit as text, Markdown and HTML, rules,
explain, the config, rule file and baseline errors) must not write one of those characters raw on
stdout or stderr; one case asserts the exact cleaned line, another the CSV cells a spreadsheet
would read as formulas. KBLINT names the binary under test; standard library only."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import write  # noqa: E402

TODAY = "2026-11-25"
FFFD = "\ufffd"

# in file names and prose as they are; in YAML as double-quoted escapes that make the same
HOSTILE = "\r\x1b]0;pwned\x07\x7f\u009b2J\u202e\u2066"
YAML_HOSTILE = "\\r\\e]0;pwned\\a\\x7f\\x9b2J\\u202e\\u2066"
# what must never be written raw: each as UTF-8 bytes
FORBIDDEN = {
    "CR": b"\r", "ESC": b"\x1b", "BEL": b"\x07", "DEL": b"\x7f", "U+009B": b"\xc2\x9b",
    "U+202E": b"\xe2\x80\xae", "U+2066": b"\xe2\x81\xa6",
}
# HOSTILE as the sanitizer writes it on one line of text: each character U+FFFD; in a title or a
# name, where a line break is only layout, the CR is a space
CLEAN = FFFD * 2 + "]0;pwned" + FFFD * 3 + "2J" + FFFD * 2
SPACED = " " + CLEAN[1:]
# in prose, where a CR would end the line: the rest
INLINE = HOSTILE[1:]

ARTICLE_NAME = "cr" + HOSTILE + ".md"
ARTICLE = ('---\ntitle: "Title %s end"\nowner: "own\\u202eer %s"\nlast_reviewed_on: 2024-01-01\n'
           'facts:\n  "key%s": "value%s"\n---\n# Head\n\nSay zap%snow. TODO.\n'
           % (YAML_HOSTILE, YAML_HOSTILE, YAML_HOSTILE, YAML_HOSTILE, INLINE))
BROKEN_NAME = "broken" + HOSTILE + ".md"
CONFIG = "rules: [hostile.yaml]\naudit:\n  base_url: https://kb.example.com/\n"
RULES = '''\
rules:
  - id: hostile-word
    kind: pattern
    category: style
    severity: warning
    message: "found '$0' here %(h)s"
    description: "Catches zap.%(h)s\\nSecond line %(h)s."
    pattern: 'zap[^ ]*'
    examples:
      - bad: "a zap%(h)s word\\n"
        with:
          "beside%(h)s.md": "text %(h)s"
      - good: "nothing"
''' % {"h": YAML_HOSTILE}


def run(args, cwd):
    """kbtest.run with nothing on stdin; returns (status, stdout, stderr) as bytes."""
    p = kbtest.run(args, cwd=cwd, stdin=subprocess.DEVNULL, binary=True)
    return p.returncode, p.stdout, p.stderr


class Output(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        kb = os.path.join(cls.tmp, "kb")
        write(kb, ".kblint.yaml", CONFIG)
        write(kb, "hostile.yaml", RULES)
        write(kb, ARTICLE_NAME, ARTICLE)
        write(kb, BROKEN_NAME, "---\ntitle: [oops\n---\nText.\n")
        # a config and a rule file whose unknown keys carry the characters
        write(cls.tmp, "cfgerr/.kblint.yaml", '"bad%s": 1\n' % YAML_HOSTILE)
        write(cls.tmp, "ruleerr/.kblint.yaml", "rules: [r.yaml]\n")
        write(cls.tmp, "ruleerr/r.yaml",
              "rules:\n  - id: x\n    kind: pattern\n    category: style\n    severity: info\n"
              '    pattern: a\n    message: m\n    "bad%s": 1\n' % YAML_HOSTILE)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def assert_clean(self, args, cwd=None, expect=b"]0;pwned", codes=(0, 1, 2)):
        """Runs kblint; asserts that none of FORBIDDEN is in its stdout or stderr, and that the
        hostile text was printed (cleaned) at all, so the test cannot pass by printing nothing."""
        code, out, err = run(args, cwd or self.tmp)
        self.assertIn(code, codes, (args, out, err))
        for stream, data in (("stdout", out), ("stderr", err)):
            for name, raw in FORBIDDEN.items():
                self.assertNotIn(raw, data, "%s raw in the %s of kblint %s:\n%r"
                                 % (name, stream, " ".join(args), data))
        self.assertIn(expect, out + err, (args, out, err))
        return out.decode("utf-8"), err.decode("utf-8")

    def test_check_text(self):
        out, err = self.assert_clean(["check", "--today", TODAY, "kb"])
        self.assertIn("kb/broken" + CLEAN + ".md:3:1: error: invalid YAML", out)
        self.assertIn("warning: found 'zap" + CLEAN[1:] + "now.' here " + CLEAN + " [hostile-word]",
                      out)

    def test_check_github(self):
        out, _ = self.assert_clean(["check", "--today", TODAY, "-f", "github", "kb"])
        # GitHub's own escaping stays (a CR is %0D), the other characters are U+FFFD
        self.assertIn("::warning file=kb/cr%0D" + CLEAN[1:] + ".md,line=10,col=5,"
                      "title=hostile-word::found 'zap" + CLEAN[1:] + "now.' here %0D" + CLEAN[1:]
                      + "\n", out)

    def test_check_other_formats(self):
        # JSON formats keep the text escaped (\u202e), XML ones write U+FFFD for what XML 1.0
        # forbids and for C1 and bidi controls, Markdown cleans as the text format does
        for fmt in ("json", "sarif", "gitlab", "junit", "checkstyle", "markdown"):
            self.assert_clean(["check", "--today", TODAY, "-f", fmt, "kb"], expect=b"pwned")

    def test_facts_text_exact(self):
        out, err = self.assert_clean(["facts", "kb"])
        # the whole line, as the sanitizer writes it: a CR in the file name no longer
        # overwrites the name, and the OSC sequence in the value is no longer printed raw
        self.assertEqual(out, "kb/cr%s.md:6:46: facts: key%s = value %s (\"value%s\")\n"
                         % (CLEAN, CLEAN, FFFD + "]0;pwned" + FFFD * 3 + "2j" + FFFD * 2, CLEAN))
        self.assertEqual(err, "kb/broken%s.md:3:1: error: invalid YAML in front matter: did not "
                         "find expected ',' or ']' while parsing a flow sequence started at "
                         "line 2, column 8\n" % CLEAN)

    def test_facts_csv(self):
        self.assert_clean(["facts", "-f", "csv", "kb"])

    def test_facts_json_keeps_the_text_escaped(self):
        out, _ = self.assert_clean(["facts", "-f", "json", "kb"], expect=b"\\u202e")
        rows = json.loads(out)
        self.assertEqual(rows[0]["file"], "kb/" + ARTICLE_NAME)  # nothing lost
        self.assertIn("\\u009b2J\\u202e\\u2066", out)

    def test_verify(self):
        d = os.path.join(self.tmp, "verify")
        write(d, ARTICLE_NAME, "---\nlast_reviewed_on: 2024-01-01\n---\nText.\n")
        out, _ = self.assert_clean(["verify", "--date", TODAY, "--by", "Ann\u202e",
                                    ARTICLE_NAME], cwd=d)
        self.assertEqual(out, "cr%s.md: reviewed on %s (last_reviewed_on) by Ann%s (reviewed_by)\n"
                         % (CLEAN, TODAY, FFFD))
        _, err = self.assert_clean(["verify", "missing" + HOSTILE + ".md"], cwd=d)
        self.assertTrue(err.startswith("missing" + CLEAN + ".md: error: "), err)
        _, err = self.assert_clean(["verify", "--by", "a\x1b]0;pwned\x07", ARTICLE_NAME], cwd=d,
                                   codes=(2,))

    def test_audit_text_and_markdown(self):
        for fmt in ("text", "markdown"):
            self.assert_clean(["audit", "--today", TODAY, "-f", fmt, "kb"])
        _, err = self.assert_clean(["audit", "--today", TODAY, "--owner", "x\u202e", "kb"],
                                   expect=b"no owner", codes=(2,))
        self.assertIn("x" + FFFD + "' in this audit (owners: own" + FFFD + "er " + CLEAN + ")",
                      err)

    def test_audit_html_isolates_user_strings(self):
        page, _ = self.assert_clean(["audit", "--today", TODAY, "-f", "html", "kb"])
        owner = "own" + FFFD + "er " + SPACED
        self.assertIn('<h2 id="owner-1"><bdi>%s</bdi><span class="meta">' % owner, page)
        self.assertIn('<a href="#owner-1"><bdi>%s</bdi></a>' % owner, page)
        self.assertIn("<code><bdi>kb/cr" + SPACED + ".md</bdi></code>", page)
        self.assertIn("<bdi>Title " + SPACED[1:] + " end</bdi></a>", page)  # spaces folded
        # in the head's <title>, where no markup can go, the text is cleaned only
        _, _ = self.assert_clean(["audit", "--today", TODAY, "-f", "html", "--owner",
                                  "own\u202eer \x1b]0;pwned\x07\x7f\u009b2J\u202e\u2066", "kb"])

    def test_export(self):
        # every format; JSON keeps the text escaped, CSV cleans it (the content column keeps
        # line feeds only)
        for args in (["export"], ["export", "-f", "json"], ["export", "--content", "clean"],
                     ["export", "-f", "csv", "--content", "full"]):
            self.assert_clean(args + ["--today", TODAY, "kb"], expect=b"pwned", codes=(0,))
        out, _ = self.assert_clean(["export", "--content", "full", "--today", TODAY, "kb"],
                                   expect=b"\\u202e", codes=(0,))
        recs = {r["path"]: r for r in map(json.loads, out.splitlines())}
        art = recs["kb/" + ARTICLE_NAME]  # nothing lost
        self.assertEqual(art["title"], "Title " + INLINE + " end")  # the CR is a space
        self.assertIn("Say zap" + INLINE + "now.", art["content"])
        self.assertEqual(recs["kb/" + BROKEN_NAME]["trust"], "untrusted")

    def test_rules_and_explain(self):
        kb = os.path.join(self.tmp, "kb")
        out, _ = self.assert_clean(["rules"], cwd=kb, expect=b"hostile-word")
        self.assertIn("Catches zap.", out)
        out, _ = self.assert_clean(["explain", "hostile-word"], cwd=kb)
        self.assertIn("defined in hostile.yaml:2\n\nCatches zap." + CLEAN + "\nSecond line "
                      + CLEAN + ".\n", out)
        self.assertIn("  beside beside" + CLEAN + ".md:\n\n    text " + CLEAN + "\n", out)
        self.assertIn("  => 1:3: warning: found 'zap' here " + CLEAN + "\n", out)
        self.assert_clean(["explain", "no" + HOSTILE], cwd=kb, expect=b"no rule", codes=(2,))

    def test_config_and_rule_errors(self):
        _, err = self.assert_clean(["check", "."], cwd=os.path.join(self.tmp, "cfgerr"),
                                   codes=(2,))
        self.assertTrue(err.startswith(".kblint.yaml:1:1: error: unknown key 'bad" + CLEAN
                                       + "' (expected one of: "), err)
        _, err = self.assert_clean(["check", "."], cwd=os.path.join(self.tmp, "ruleerr"),
                                   codes=(2,))
        self.assertTrue(err.startswith("r.yaml:8:5: error: unknown key 'bad" + CLEAN
                                       + "' in pattern rule 'x'"), err)

    def test_refused_option_values(self):
        for args in (["check", "-f", "x" + HOSTILE], ["facts", "-f", "x" + HOSTILE],
                     ["audit", "-f", "x" + HOSTILE], ["check", "--fail-on", "x" + HOSTILE],
                     ["check", "--today", "x" + HOSTILE]):
            _, err = self.assert_clean(args + ["kb"], expect=b"'x" + CLEAN.encode() + b"'",
                                       codes=(2,))

    def test_baseline_errors(self):
        _, err = self.assert_clean(["check", "--baseline", "b" + HOSTILE + ".json", "kb"],
                                   codes=(2,))
        self.assertTrue(err.startswith("b%s.json: error: cannot read the baseline: " % CLEAN), err)


class Csv(unittest.TestCase):
    """OWASP's advice on CSV injection: a cell that starts with '=', '+', '-', '@', a tab or a
    carriage return starts with "'" instead, so a spreadsheet shows it as text."""

    def test_formula_cells_are_neutralised(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "=cmd.md",
                  '---\nlast_reviewed_on: 2026-11-01\nfacts:\n'
                  '  a: "=HYPERLINK(\\"http://x\\")"\n  b: "+1 555"\n  c: "-3 days"\n'
                  '  d: "@SUM(A1)"\n  e: "\\t=1"\n  f: "\\r=1"\n  g: "plain = 1"\n---\nText.\n')
            code, out, err = run(["facts", "-f", "csv", "."], d)
            self.assertEqual((code, err), (0, b""))
            self.assertEqual(out.decode("utf-8"), (
                "key,value,raw,file,line,column,canonical\n"
                '"facts: a","\'=hyperlink(""http://x"")","\'=HYPERLINK(""http://x"")","\'=cmd.md",4,6,\n'
                '"facts: b","\'+1 555","\'+1 555","\'=cmd.md",5,6,\n'
                '"facts: c","\'-3 days","\'-3 days","\'=cmd.md",6,6,\n'
                '"facts: d","\'@sum(a1)","\'@SUM(A1)","\'=cmd.md",7,6,\n'
                '"facts: e","\'=1","\'\t=1","\'=cmd.md",8,6,\n'
                '"facts: f","\'=1","\'' + FFFD + '=1","\'=cmd.md",9,6,\n'
                '"facts: g","plain = 1","plain = 1","\'=cmd.md",10,6,\n'))


if __name__ == "__main__":
    unittest.main(verbosity=2)
