#!/usr/bin/python3
"""`kblint verify`: whole files compared byte for byte before and after, refusals with their exact
text, atomic writes, --dry-run diffs, and that `kblint check` reads every file verify wrote.
KBLINT names the binary under test."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
import unprivileged  # noqa: E402
from kbtest import KBLINT, ROOT  # noqa: E402

TODAY = "2026-11-25"


def run(*args, cwd=None, user=None):
    """Runs kblint; returns (status, stdout, stderr) as text. user: None, or an
    unprivileged.Nobody whose copy of kblint is run as nobody."""
    p = kbtest.run(args, cwd=cwd, binary=True, user=user)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


class Verify(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name

    def tearDown(self):
        for root, dirs, _ in os.walk(self.dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        self._tmp.cleanup()

    def put(self, name, data, mode=None):
        """Writes bytes (or text, as UTF-8) to name in the test folder; returns the name."""
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        if mode is not None:
            os.chmod(path, mode)
        return name

    def get(self, name):
        with open(os.path.join(self.dir, name), "rb") as f:
            return f.read()

    def verify(self, *args, config=None):
        """Runs verify in the test folder with --today fixed and no config unless given."""
        cfg = ["--config", config] if config else ["--no-config"]
        return run("verify", "--today", TODAY, *cfg, *args, cwd=self.dir)

    def check_json(self, name, config=None, today=TODAY):
        """The findings and errors `kblint check` reports on name."""
        cfg = ["--config", config] if config else ["--no-config"]
        code, out, err = run("check", "--format", "json", "--today", today, *cfg, name,
                             cwd=self.dir)
        self.assertIn(code, (0, 1), err)
        return json.loads(out)

    def assert_loads(self, name, config=None):
        """`kblint check` reads name without a load error."""
        self.assertEqual(self.check_json(name, config=config)["errors"], [])

    def assert_verified(self, name, before, after, args=(), out=None, config=None):
        """verify NAME turns the bytes `before` into exactly `after`, prints `out`, and
        `kblint check` then loads the file without an error."""
        self.put(name, before)
        code, stdout, stderr = self.verify(*args, name, config=config)
        self.assertEqual((code, stderr), (0, ""))
        if out is not None:
            self.assertEqual(stdout, out)
        self.assertEqual(self.get(name), after)
        report = self.check_json(name, config=config)
        self.assertEqual(report["errors"], [])
        return report

    def assert_refused(self, name, data, args, err):
        """verify refuses NAME with exactly `err` on stderr, leaving bytes and mtime alone."""
        self.put(name, data)
        path = os.path.join(self.dir, name)
        old = time.time() - 3600
        os.utime(path, (old, old))
        before = os.stat(path)
        code, out, stderr = self.verify(*args)
        self.assertEqual((code, out, stderr), (1, "", err))
        self.assertEqual(self.get(name), data if isinstance(data, bytes) else data.encode())
        self.assertEqual(os.stat(path).st_mtime_ns, before.st_mtime_ns)
        self.assertEqual(sorted(os.listdir(self.dir)), [name])  # no temporary file left


class FrontMatter(Verify):
    def test_comments_and_quoting_kept(self):
        before = ('---\n'
                  '# Billing article\n'
                  'title: "Refunds: how long"   # shown in search\n'
                  "owner: 'billing-team'\n"
                  "last_reviewed_on: '2025-01-10' # quarterly\n"
                  'review_in: 6 months\n'
                  'tags: [billing, refunds]\n'
                  '---\n'
                  '# Refunds\n'
                  '\n'
                  'Refunds take 30 days.\n')
        after = before.replace("'2025-01-10'", "'2026-11-25'")
        self.assert_verified("refunds.md", before, after.encode(),
                             out="refunds.md: reviewed on 2026-11-25 (last_reviewed_on)\n")

    def test_double_quoted_and_plain_values(self):
        before = '---\nlast_verified: "2025-03-01"\nreviewed_by: "Ann"\n---\nBody\n'
        after = '---\nlast_verified: "2026-11-25"\nreviewed_by: "Bo \\"B\\" O\'Neil"\n---\nBody\n'
        self.assert_verified("a.md", before, after.encode(), args=("--by", 'Bo "B" O\'Neil'),
                             out='a.md: reviewed on 2026-11-25 (last_verified) by Bo "B" '
                                 "O'Neil (reviewed_by)\n")

    def test_crlf(self):
        before = b"---\r\ntitle: Refunds\r\nlast_reviewed_on: 2025-01-10\r\n---\r\nBody\r\n"
        after = (b"---\r\ntitle: Refunds\r\nlast_reviewed_on: 2026-11-25\r\n"
                 b"reviewed_by: Ann\r\n---\r\nBody\r\n")
        self.assert_verified("crlf.md", before, after, args=("--by", "Ann"))

    def test_cr(self):
        before = b"---\rtitle: Refunds\r---\rBody\r"
        after = b"---\rtitle: Refunds\rlast_reviewed_on: 2026-11-25\r---\rBody\r"
        self.assert_verified("cr.md", before, after)

    def test_no_trailing_newline(self):
        before = b"---\ntitle: Refunds\nlast_reviewed_on: 2025-01-10\n---\nBody without end"
        after = before.replace(b"2025-01-10", b"2026-11-25")
        self.assert_verified("nonl.md", before, after)

    def test_closing_fence_without_newline(self):
        before = b"---\ntitle: Refunds\n---"
        after = b"---\ntitle: Refunds\nlast_reviewed_on: 2026-11-25\n---"
        self.assert_verified("fence.md", before, after)

    def test_bom(self):
        before = "\ufeff---\ntitle: Café\nlast_reviewed_on: 2025-01-10\n---\nBody\n".encode()
        after = before.replace(b"2025-01-10", b"2026-11-25")
        self.assertTrue(after.startswith(b"\xef\xbb\xbf---\n"))
        self.assert_verified("bom.md", before, after)

    def test_missing_field_appended(self):
        before = ("---\ntitle: Refunds\ndescription: |\n  Two lines\n  of text.\n"
                  "# trailing comment\n---\nBody\n")
        after = ("---\ntitle: Refunds\ndescription: |\n  Two lines\n  of text.\n"
                 "# trailing comment\nlast_reviewed_on: 2026-11-25\n---\nBody\n")
        self.assert_verified("missing.md", before, after.encode(),
                             out="missing.md: reviewed on 2026-11-25 (last_reviewed_on)\n")

    def test_empty_value_filled(self):
        before = "---\nlast_reviewed_on:   # fill me\ntitle: x\n---\nBody\n"
        after = "---\nlast_reviewed_on: 2026-11-25   # fill me\ntitle: x\n---\nBody\n"
        self.assert_verified("empty.md", before, after.encode())

    def test_empty_front_matter(self):
        self.assert_verified("e.md", b"---\n---\nBody\n",
                             b"---\nlast_reviewed_on: 2026-11-25\n---\nBody\n")

    def test_no_front_matter(self):
        before = b"# Refunds\n\nRefunds take 30 days.\n"
        after = (b"---\nlast_reviewed_on: 2026-11-25\nreviewed_by: Ann Lee\n---\n"
                 b"# Refunds\n\nRefunds take 30 days.\n")
        self.assert_verified("plain.md", before, after, args=("--by", "Ann Lee"),
                             out="plain.md: reviewed on 2026-11-25 (last_reviewed_on) by Ann "
                                 "Lee (reviewed_by)\n")

    def test_no_front_matter_bom_crlf(self):
        before = b"\xef\xbb\xbfHello\r\nworld"
        after = b"\xef\xbb\xbf---\r\nlast_reviewed_on: 2026-11-25\r\n---\r\nHello\r\nworld"
        self.assert_verified("bomcrlf.md", before, after)

    def test_empty_file(self):
        self.assert_verified("empty-file.md", b"", b"---\nlast_reviewed_on: 2026-11-25\n---\n")

    def test_ms_date_keeps_its_format(self):
        cfg = self.put(".kblint.yaml", "date_formats:\n  - '%m/%d/%Y'\n")
        before = "---\ntitle: About\nms.date: 07/10/2025\nms.author: sdwheeler\n---\nBody\n"
        after = before.replace("07/10/2025", "11/25/2026")
        self.assert_verified("ms.md", before, after.encode(), config=cfg,
                             out="ms.md: reviewed on 2026-11-25 (ms.date)\n")

    def test_default_forms_keep_their_format(self):
        # no config: MM/DD/YYYY and D Month YYYY are default forms, written back as they were
        before = "---\ntitle: About\nms.date: 3/4/2025\n---\nBody\n"
        self.assert_verified("us.md", before, before.replace("3/4/2025", "11/25/2026").encode(),
                             out="us.md: reviewed on 2026-11-25 (ms.date)\n")
        before = "---\nreviewed: 14 March 2025\n---\nBody\n"
        self.assert_verified("dm.md", before, before.replace("14 March 2025", "25 November 2026").encode(),
                             out="dm.md: reviewed on 2026-11-25 (reviewed)\n")

    def test_unparsed_date_becomes_iso(self):
        before = "---\nlast_reviewed: sometime\n---\nBody\n"
        after = "---\nlast_reviewed: 2026-11-25\n---\nBody\n"
        self.assert_verified("odd.md", before, after.encode())

    def test_date_option(self):
        before = "---\nlast_reviewed_on: 2025-01-10\n---\nBody\n"
        self.put("d.md", before)
        code, out, err = self.verify("--date", "2026-10-01", "d.md")
        self.assertEqual((code, out, err),
                         (0, "d.md: reviewed on 2026-10-01 (last_reviewed_on)\n", ""))
        self.assertEqual(self.get("d.md"), before.replace("2025-01-10", "2026-10-01").encode())
        self.assert_loads("d.md")

    def test_by_present(self):
        before = "---\nverified_by: Old Name # who\nreviewed: 2024-01-01\n---\nBody\n"
        after = "---\nverified_by: Ann # who\nreviewed: 2026-11-25\n---\nBody\n"
        self.assert_verified("by.md", before, after.encode(), args=("--by", "Ann"),
                             out="by.md: reviewed on 2026-11-25 (reviewed) by Ann "
                                 "(verified_by)\n")

    def test_by_missing(self):
        before = "---\ntitle: x\nlast_reviewed_on: 2024-01-01\n---\nBody\n"
        after = ("---\ntitle: x\nlast_reviewed_on: 2026-11-25\nreviewed_by: 'Lee: support'\n"
                 "---\nBody\n")
        self.assert_verified("by2.md", before, after.encode(), args=("--by", "Lee: support"))

    def test_names_yaml_would_misread_are_quoted(self):
        for name, written in (("2024", "'2024'"), ("yes", "'yes'"), ("#ops", "'#ops'"),
                              ("Ana Ruiz", "Ana Ruiz"), ("O'Neil", "O'Neil")):
            with self.subTest(name=name):
                self.assert_verified("q.md", "---\ntitle: x\n---\n",
                                     ("---\ntitle: x\nlast_reviewed_on: 2026-11-25\n"
                                      "reviewed_by: %s\n---\n" % written).encode(),
                                     args=("--by", name))

    def test_flow_mapping_value_replaced(self):
        before = "---\n{title: x, last_reviewed_on: 2025-01-10, reviewed_by: a}\n---\nBody\n"
        after = "---\n{title: x, last_reviewed_on: 2026-11-25, reviewed_by: 'B, C'}\n---\nBody\n"
        self.assert_verified("flow.md", before, after.encode(), args=("--by", "B, C"))

    def test_mixed_line_ends_new_front_matter(self):
        # the new front matter ends its lines like the file's first line
        self.assert_verified("mixed.md", b"Title\r\nA\nB\n",
                             b"---\r\nlast_reviewed_on: 2026-11-25\r\n---\r\nTitle\r\nA\nB\n")

    def test_configured_fields(self):
        cfg = self.put(".kblint.yaml", "fields:\n  reviewed: [checked_on]\n"
                                       "  verifier: [checked_by, verified_by]\n")
        before = "---\nverified_by: x\n---\nBody\n"
        after = "---\nverified_by: Ann\nchecked_on: 2026-11-25\n---\nBody\n"
        self.assert_verified("cfg.md", before, after.encode(), args=("--by", "Ann"),
                             config=cfg, out="cfg.md: reviewed on 2026-11-25 (checked_on) "
                                             "by Ann (verified_by)\n")

    def test_no_longer_overdue(self):
        before = ("---\ntitle: Refunds\nowner: billing-team\nlast_reviewed_on: 2025-01-10\n"
                  "review_in: 6 months\n---\nRefunds take 30 days.\n")
        self.put("overdue.md", before)
        rules = [f["rule"] for f in self.check_json("overdue.md")["findings"]]
        self.assertIn("review-overdue", rules)
        code, out, err = self.verify("overdue.md")
        self.assertEqual((code, err), (0, ""))
        report = self.check_json("overdue.md")
        self.assertEqual(report["errors"], [])
        rules = [f["rule"] for f in report["findings"]]
        for rule in ("review-overdue", "review-due-soon", "reviewed-missing", "date-invalid"):
            self.assertNotIn(rule, rules)

    def test_mode_kept(self):
        self.put("mode.md", "---\nlast_reviewed_on: 2025-01-10\n---\nBody\n", mode=0o640)
        code, out, err = self.verify("mode.md")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.dir, "mode.md")).st_mode), 0o640)
        self.assertEqual(sorted(os.listdir(self.dir)), ["mode.md"])
        self.assert_loads("mode.md")

    def test_symlink_followed(self):
        self.put("real/target.md", "---\nlast_reviewed_on: 2025-01-10\n---\nBody\n")
        os.symlink("real/target.md", os.path.join(self.dir, "link.md"))
        code, out, err = self.verify("link.md")
        self.assertEqual((code, out, err),
                         (0, "link.md: reviewed on 2026-11-25 (last_reviewed_on)\n", ""))
        self.assertTrue(os.path.islink(os.path.join(self.dir, "link.md")))
        self.assertEqual(self.get("real/target.md"),
                         b"---\nlast_reviewed_on: 2026-11-25\n---\nBody\n")

    def test_already_verified_is_not_rewritten(self):
        data = "---\nlast_reviewed_on: 2026-11-25\n---\nBody\n"
        self.put("same.md", data)
        path = os.path.join(self.dir, "same.md")
        ino = os.stat(path).st_ino
        code, out, err = self.verify("same.md")
        self.assertEqual((code, out, err),
                         (0, "same.md: reviewed on 2026-11-25 (last_reviewed_on)\n", ""))
        self.assertEqual(os.stat(path).st_ino, ino)


FAQ = """\
# Support FAQ
- question: How do I reset my password?
  last_reviewed_on: 2025-01-10
  answer: Use the link on the sign-in page.

- question: How long do refunds take?   # billing
  owner: billing-team
  answer: |
    Refunds take 30 days.

    Ask support when TODO.

# shipping
- question: Where is my parcel?
  reviewed_by: 'Old Name'
  last_reviewed_on: '2025-03-01'
  answer: >-
    Track it on the carrier's site.
"""


class YamlFaq(Verify):
    def test_middle_entry_by_line_with_block_answer(self):
        # the middle entry's last key is a literal block: the new lines go after its text,
        # never inside it, and the first and third entries stay byte for byte the same
        after = FAQ.replace("    Ask support when TODO.\n",
                            "    Ask support when TODO.\n"
                            "  last_reviewed_on: 2026-11-25\n"
                            "  reviewed_by: Ann\n")
        for line in ("6", "8", "11", "12", "6:3"):
            with self.subTest(line=line):
                self.put("faq.yaml", FAQ)
                code, out, err = self.verify("--by", "Ann", "faq.yaml:" + line)
                self.assertEqual((code, err), (0, ""))
                self.assertEqual(out, "faq.yaml:6: reviewed on 2026-11-25 (last_reviewed_on) "
                                      "by Ann (reviewed_by)\n")
                self.assertEqual(self.get("faq.yaml"), after.encode())
                # parsed again: the block still ends where it did (the TODO keeps its place)
                # and the entry now has its review date
                report = self.check_json("faq.yaml")
                self.assertEqual(report["errors"], [])
                found = [(f["line"], f["column"], f["rule"]) for f in report["findings"]]
                self.assertIn((11, 22, "placeholder-todo"), found)
                self.assertNotIn("reviewed-missing", [f["rule"] for f in report["findings"]])
                self.assertEqual([f for f in found if f[2] == "review-overdue"],
                                 [(3, 21, "review-overdue"), (18, 21, "review-overdue")])

    def test_third_entry_quoted_values(self):
        after = FAQ.replace("  reviewed_by: 'Old Name'\n  last_reviewed_on: '2025-03-01'\n",
                            "  reviewed_by: 'Ann O''Neil'\n  last_reviewed_on: '2026-11-25'\n")
        self.put("faq.yaml", FAQ)
        code, out, err = self.verify("--by", "Ann O'Neil", "faq.yaml:15")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "faq.yaml:14: reviewed on 2026-11-25 (last_reviewed_on) by "
                              "Ann O'Neil (reviewed_by)\n")
        self.assertEqual(self.get("faq.yaml"), after.encode())
        self.assert_loads("faq.yaml")

    def test_first_entry(self):
        after = FAQ.replace("2025-01-10", "2026-11-25")
        self.put("faq.yaml", FAQ)
        code, out, err = self.verify("faq.yaml:2")
        self.assertEqual((code, out, err),
                         (0, "faq.yaml:2: reviewed on 2026-11-25 (last_reviewed_on)\n", ""))
        self.assertEqual(self.get("faq.yaml"), after.encode())
        self.assert_loads("faq.yaml")

    def test_keep_block_last(self):
        # "|+" keeps its trailing lines: nothing may follow its text, so the new line goes
        # after the entry's first key instead
        before = "- question: Q\n  answer: |+\n    Text.\n\n- question: R\n  answer: x\n"
        after = ("- question: Q\n  last_reviewed_on: 2026-11-25\n  answer: |+\n    Text.\n\n"
                 "- question: R\n  answer: x\n")
        self.put("keep.yaml", before)
        code, out, err = self.verify("keep.yaml:3")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(self.get("keep.yaml"), after.encode())
        self.assertEqual(self.check_json("keep.yaml")["errors"], [])

    def test_single_mapping_needs_no_line(self):
        before = "question: Q\nanswer: |\n  Text.\n"
        after = "question: Q\nanswer: |\n  Text.\nlast_reviewed_on: 2026-11-25\n"
        self.assert_verified("one.yaml", before, after.encode(),
                             out="one.yaml: reviewed on 2026-11-25 (last_reviewed_on)\n")

    def test_single_entry_list_without_trailing_newline(self):
        before = b"- question: Q\r\n  answer: Text."
        after = b"- question: Q\r\n  answer: Text.\r\n  last_reviewed_on: 2026-11-25"
        self.assert_verified("nl.yaml", before, after,
                             out="nl.yaml:1: reviewed on 2026-11-25 (last_reviewed_on)\n")

    def test_several_entries_and_no_line(self):
        self.assert_refused("faq.yaml", FAQ, ["faq.yaml"],
                            "faq.yaml: error: 3 articles in this file; name one as "
                            "faq.yaml:LINE (they start on lines 2, 6, 14)\n")

    def test_line_before_every_entry(self):
        self.assert_refused("faq.yaml", FAQ, ["faq.yaml:1"],
                            "faq.yaml:1: error: no entry starts at or contains line 1 (entries "
                            "start on lines 2, 6, 14)\n")

    def test_entry_that_is_not_an_article(self):
        data = "- question: Q\n  answer: A\n- title: no body here\n"
        self.assert_refused("x.yaml", data, ["x.yaml:3"],
                            "x.yaml:3:3: error: the entry on line 3 is not an article (it has "
                            "none of the fields answer, body, content, text)\n")

    def test_flow_entry(self):
        data = "- {question: Q, answer: A}\n"
        self.assert_refused("flow.yaml", data, ["flow.yaml"],
                            "flow.yaml:1:3: error: 'last_reviewed_on' is missing and this "
                            "mapping is written as {...}; add it by hand\n")


class LearnFaq(Verify):
    """A YamlMime:FAQ file: its questions share the file's `metadata`, where the review goes."""
    FAQ = ("### YamlMime:FAQ\nmetadata:\n  title: T\n  ms.date: 2026-01-02\ntitle: T\n"
           "sections:\n  - name: S\n    questions:\n      - question: A?\n        answer: Yes.\n"
           "      - question: B?\n        answer: No.\n")

    def test_metadata_is_set_once(self):
        after = self.FAQ.replace("ms.date: 2026-01-02", "ms.date: 2026-11-25\n  reviewed_by: qa")
        self.assert_verified("faq.yml", self.FAQ, after.encode(), args=("--by", "qa"))

    def test_without_metadata(self):
        data = self.FAQ.replace("metadata:\n  title: T\n  ms.date: 2026-01-02\n", "")
        self.assert_refused("faq.yml", data, ["faq.yml"],
                            "faq.yml: error: this FAQ file has no 'metadata' mapping to record "
                            "the review in; add one\n")

    def test_nested_field_is_not_set(self):
        self.put("cfg.yaml", "fields:\n  reviewed: [meta.reviewed]\n")
        data = "meta:\n  reviewed: 2026-01-02\nbody: Text.\n"
        self.put("n.yaml", data)
        code, out, err = self.verify("n.yaml", config="cfg.yaml")
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, "n.yaml:2:3: error: 'meta.reviewed' is a nested field, which "
                         "kblint verify does not set; change it by hand\n")
        self.assertEqual(self.get("n.yaml"), data.encode())


class Refusals(Verify):
    def test_invalid_yaml(self):
        data = "---\ntitle: [unclosed\nlast_reviewed_on: 2025-01-10\n---\nBody\n"
        self.assert_refused("bad.md", data, ["bad.md"],
                            "bad.md:3:17: error: invalid YAML in front matter: did not find "
                            "expected ',' or ']' while parsing a flow sequence started at line "
                            "2, column 8\n")

    def test_unterminated(self):
        self.assert_refused("open.md", "---\ntitle: x\nBody\n", ["open.md"],
                            "open.md:1:1: error: front matter opened on this line never closes "
                            "(no closing '---' line)\n")

    def test_not_a_mapping(self):
        self.assert_refused("list.md", "---\n- a\n- b\n---\nBody\n", ["list.md"],
                            "list.md:2:1: error: front matter must be a mapping of fields, not "
                            "a list\n")

    def test_list_value(self):
        self.assert_refused("lv.md", "---\nlast_reviewed_on: [2025-01-10]\n---\n", ["lv.md"],
                            "lv.md:2:19: error: 'last_reviewed_on' is a list, not one value; "
                            "kblint verify replaces only a single value\n")

    def test_duplicate_key(self):
        data = "---\nlast_reviewed_on: 2025-01-10\nlast_reviewed_on: 2025-02-10\n---\n"
        # `check` reads the last value; verify will not guess which one to change
        self.assert_refused("dup.md", data, ["dup.md"],
                            "dup.md:3:1: error: 'last_reviewed_on' is given twice in this "
                            "mapping; remove one first\n")

    def test_yaml_without_article(self):
        self.assert_refused("cfg.yaml", "title: x\n", ["cfg.yaml"],
                            "cfg.yaml: error: no article in this file (an article is a mapping "
                            "with one of the fields answer, body, content, text)\n")

    def test_others_still_processed(self):
        self.put("bad.md", "---\ntitle: x\n")
        self.put("good.md", "---\nlast_reviewed_on: 2025-01-10\n---\nBody\n")
        code, out, err = self.verify("bad.md", "good.md", "gone.md")
        self.assertEqual(code, 1)
        self.assertEqual(out, "good.md: reviewed on 2026-11-25 (last_reviewed_on)\n")
        self.assertEqual(err, "bad.md:1:1: error: front matter opened on this line never closes "
                              "(no closing '---' line)\n"
                              "gone.md: error: cannot read: No such file or directory\n")
        self.assertEqual(self.get("good.md"), b"---\nlast_reviewed_on: 2026-11-25\n---\nBody\n")
        self.assert_loads("good.md")

    def test_usage_errors(self):
        self.put("a.md", "Body\n")
        for args, msg in ((["--by", ""], "--by must be a name on one line, not ''"),
                          # the refused value is echoed cleaned: its line break as U+FFFD
                          (["--by", "a\nb"], "--by must be a name on one line, not 'a\ufffdb'"),
                          (["--date", "2026-13-01"],
                           "--date must be a date YYYY-MM-DD, not '2026-13-01'"),
                          (["--format", "json"], "option '--format' does not apply to this "
                                                 "command")):
            code, out, err = run("verify", *args, "a.md", cwd=self.dir)
            self.assertEqual((code, out), (2, ""), args)
            self.assertTrue(err.startswith("kblint: " + msg + "\nusage: "), err)
        code, out, err = run("verify", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("kblint: 'verify' needs at least one FILE\n"))
        self.assertEqual(self.get("a.md"), b"Body\n")

    def test_config_error(self):
        self.put(".kblint.yaml", "fields:\n  verifier: []\n")
        self.put("a.md", "Body\n")
        code, out, err = run("verify", "a.md", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, ".kblint.yaml:2:13: error: 'fields.verifier' needs at least one "
                              "field name\n")
        self.assertEqual(self.get("a.md"), b"Body\n")

    def unprivileged(self, readable):
        """None, or when running as root (who writes anywhere) an unprivileged.Nobody: a copy
        of kblint run as nobody, who can read `readable` but write only where others may.
        Skips, with the reason, when there can be none or nobody cannot read `readable`."""
        if os.geteuid() != 0:
            return None
        user = unprivileged.as_nobody(self, KBLINT, ROOT)
        probe = subprocess.run(["/bin/sh", "-c", 'test -r "$0"', readable],
                               preexec_fn=unprivileged.demote(user.user))
        if probe.returncode != 0:
            self.skipTest("running as root, and nobody cannot read " + readable)
        return user

    def test_read_only_folder(self):
        data = "---\nlast_reviewed_on: 2025-01-10\n---\nBody\n"
        self.put("ro/a.md", data, mode=0o644)
        ro = os.path.join(self.dir, "ro")
        os.chmod(self.dir, 0o755)
        os.chmod(ro, 0o555)
        user = self.unprivileged(os.path.join(ro, "a.md"))
        code, out, err = run("verify", "--today", TODAY, "--no-config", "ro/a.md", cwd=self.dir,
                             user=user)
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, "ro/a.md: error: cannot write: Permission denied; nothing "
                              "written\n")
        self.assertEqual(self.get("ro/a.md"), data.encode())
        self.assertEqual(os.listdir(ro), ["a.md"])

    def test_read_only_file(self):
        data = "---\nlast_reviewed_on: 2025-01-10\n---\nBody\n"
        self.put("w/a.md", data, mode=0o444)
        os.chmod(self.dir, 0o755)
        os.chmod(os.path.join(self.dir, "w"), 0o777)
        user = self.unprivileged(os.path.join(self.dir, "w", "a.md"))
        code, out, err = run("verify", "--today", TODAY, "--no-config", "w/a.md", cwd=self.dir,
                             user=user)
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, "w/a.md: error: cannot write: Permission denied; nothing "
                              "written\n")
        self.assertEqual(self.get("w/a.md"), data.encode())
        self.assertEqual(os.listdir(os.path.join(self.dir, "w")), ["a.md"])


class DryRun(Verify):
    def dry(self, name, data, *args, target=None):
        """verify --dry-run on name (or target, as FILE:LINE): the diff, the file untouched."""
        self.put(name, data)
        path = os.path.join(self.dir, name)
        mtime = os.stat(path).st_mtime_ns
        code, out, err = self.verify("--dry-run", *args, target or name)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(self.get(name), data if isinstance(data, bytes) else data.encode())
        self.assertEqual(os.stat(path).st_mtime_ns, mtime)
        return out

    def assert_like_diff(self, name, before, out, args=()):
        """The diff is what `diff -u` prints for the same change."""
        if not shutil.which("diff"):
            return
        work = os.path.join(self.dir, "work")
        os.makedirs(work, exist_ok=True)
        self.put("work/" + name, before)
        code, _, err = run("verify", "--today", TODAY, "--no-config", *args, name, cwd=work)
        self.assertEqual((code, err), (0, ""))
        old = os.path.join(self.dir, name)
        p = subprocess.run(["diff", "-u", "--label", "a/" + name, "--label", "b/" + name, old,
                            os.path.join(work, name)], capture_output=True)
        self.assertEqual(out, p.stdout.decode())

    def test_exact_diff(self):
        data = "".join("line %d\n" % i for i in range(1, 12))
        data = ("---\ntitle: Refunds\nowner: billing\nlast_reviewed_on: 2025-01-10\n"
                "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\n---\n" + data)
        out = self.dry("r.md", data, "--by", "Ann")
        self.assertEqual(out, "--- a/r.md\n"
                              "+++ b/r.md\n"
                              "@@ -1,7 +1,7 @@\n"
                              " ---\n"
                              " title: Refunds\n"
                              " owner: billing\n"
                              "-last_reviewed_on: 2025-01-10\n"
                              "+last_reviewed_on: 2026-11-25\n"
                              " a: 1\n"
                              " b: 2\n"
                              " c: 3\n"
                              "@@ -9,6 +9,7 @@\n"
                              " e: 5\n"
                              " f: 6\n"
                              " g: 7\n"
                              "+reviewed_by: Ann\n"
                              " ---\n"
                              " line 1\n"
                              " line 2\n")
        self.assert_like_diff("r.md", data, out, ("--by", "Ann"))

    def test_diff_no_front_matter_no_newline(self):
        out = self.dry("n.md", "Hello\nworld")
        self.assertEqual(out, "--- a/n.md\n+++ b/n.md\n@@ -1,2 +1,5 @@\n"
                              "+---\n+last_reviewed_on: 2026-11-25\n+---\n"
                              " Hello\n world\n\\ No newline at end of file\n")
        self.assert_like_diff("n.md", "Hello\nworld", out)

    def test_diff_yaml_end_without_newline(self):
        data = "- question: Q\n  answer: A"
        out = self.dry("q.yaml", data)
        self.assertEqual(out, "--- a/q.yaml\n+++ b/q.yaml\n@@ -1,2 +1,3 @@\n"
                              " - question: Q\n"
                              "-  answer: A\n\\ No newline at end of file\n"
                              "+  answer: A\n"
                              "+  last_reviewed_on: 2026-11-25\n\\ No newline at end of file\n")
        self.assert_like_diff("q.yaml", data, out)

    def test_diff_crlf_and_empty(self):
        out = self.dry("c.md", b"---\r\nx: 1\r\n---\r\n")
        self.assertEqual(out, "--- a/c.md\n+++ b/c.md\n@@ -1,3 +1,4 @@\n"
                              " ---\r\n x: 1\r\n+last_reviewed_on: 2026-11-25\r\n ---\r\n")
        out = self.dry("e.md", b"")
        self.assertEqual(out, "--- a/e.md\n+++ b/e.md\n@@ -0,0 +1,3 @@\n"
                              "+---\n+last_reviewed_on: 2026-11-25\n+---\n")
        self.assert_like_diff("e.md", b"", out)

    def test_no_change_no_diff(self):
        self.assertEqual(self.dry("s.md", "---\nlast_reviewed_on: 2026-11-25\n---\n"), "")

    def test_dry_run_refusal(self):
        self.put("bad.md", "---\nx: [\n---\n")
        code, out, err = self.verify("--dry-run", "bad.md")
        self.assertEqual((code, out), (1, ""))
        self.assertTrue(err.startswith("bad.md:"), err)

    def test_faq_diff(self):
        out = self.dry("faq.yaml", FAQ, "--by", "Ann", target="faq.yaml:7")
        self.assertEqual(out, "--- a/faq.yaml\n+++ b/faq.yaml\n@@ -9,6 +9,8 @@\n"
                              "     Refunds take 30 days.\n"
                              " \n"
                              "     Ask support when TODO.\n"
                              "+  last_reviewed_on: 2026-11-25\n"
                              "+  reviewed_by: Ann\n"
                              " \n"
                              " # shipping\n"
                              " - question: Where is my parcel?\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
