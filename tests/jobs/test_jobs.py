#!/usr/bin/python3
"""`-j N`: the worker pool. The report must be the same, byte for byte, for every number of
workers, on the sample knowledge base and on a generated one with load errors, suppressions and
per-file overrides mixed in; and bad values of -j are usage errors with exact messages.
KBLINT names the binary under test; KBLINT_SOURCE_ROOT the source tree (bench/gen-corpus)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

SAMPLE = os.path.join(ROOT, "fixtures", "sample-kb")
JOBS = ["1", "2", "3", "8"]


def run(args, cwd=None):
    """kbtest.run, output as bytes (compared byte for byte), with no time limit."""
    return kbtest.run(args, cwd=cwd, timeout=None, binary=True)


class SameForEveryJ(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kblint-jobs-")
        cls.kb = os.path.join(cls.tmp, "kb")
        gen = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "gen-corpus"),
                              "--seed", "7", "600", cls.kb], capture_output=True)
        assert gen.returncode == 0, gen.stderr.decode()
        # files that cannot be loaded, between good ones, and suppressions with overrides
        with open(os.path.join(cls.kb, "aa-broken.md"), "w") as f:
            f.write("---\ntitle: [unclosed\n---\nBody.\n")
        with open(os.path.join(cls.kb, "ab-binary.md"), "wb") as f:
            f.write(b"\xff\xfe\x00bad utf-8\n")
        with open(os.path.join(cls.kb, "ac-suppressed.md"), "w") as f:
            f.write("---\nowner: team-a\nlast_reviewed_on: 2020-01-01\n---\n"
                    "<!-- kblint-disable-next-line placeholder-todo -->\n"
                    "TODO: write this.\n\nTBD as well.\n"
                    "<!-- kblint-disable-next-line no-such-rule -->\nText.\n"
                    "<!-- kblint-disable-next-line as-of-outdated -->\nNothing here.\n")
        with open(os.path.join(cls.kb, ".kblint.yaml"), "a") as f:
            f.write("overrides:\n  - files: ['a*.md']\n    severity:\n"
                    "      review-overdue: info\n")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def same(self, args, cwd=None, expect_rc=None):
        first = None
        for j in JOBS:
            r = run(args[:1] + ["-j", j] + args[1:], cwd=cwd)
            self.assertNotIn(r.returncode, (2,), r.stderr.decode())
            self.assertGreaterEqual(r.returncode, 0, "killed by signal %d" % -r.returncode)
            if expect_rc is not None:
                self.assertEqual(r.returncode, expect_rc, (j, r.stderr.decode()))
            if first is None:
                first = (j, r)
                continue
            self.assertEqual(r.returncode, first[1].returncode, "-j%s vs -j%s" % (j, first[0]))
            self.assertEqual(r.stdout, first[1].stdout, "-j%s vs -j%s: %s" % (j, first[0], args))
            self.assertEqual(r.stderr, first[1].stderr, "-j%s vs -j%s" % (j, first[0]))
        return first[1]

    def test_generated_kb_every_format(self):
        for fmt in ["text", "json", "sarif", "junit", "checkstyle", "gitlab"]:
            r = self.same(["check", "--report-unused-disables", "-f", fmt, self.kb], expect_rc=1)
        # the run really had findings of every kind the pool must order: load errors,
        # per-article findings, cross-article ones, suppression mistakes
        text = run(["check", "-j", "2", "--report-unused-disables", self.kb]).stdout.decode()
        for needle in ["aa-broken.md:3:1: error: invalid YAML", "ab-binary.md:1:1: error:", "[placeholder-todo]",
                       "[link-missing-file]", "[link-missing-anchor]", "[suppression-unknown-rule]",
                       "[suppression-unused]", "[review-overdue]"]:
            self.assertIn(needle, text)
        self.assertNotIn("ac-suppressed.md:6:1", text)  # the TODO its comment suppresses

    def test_prefilter(self):
        # the prefilter (src/util/prefilter.c) forced on, on every thread: the report is the
        # one without it, for every -j (under ThreadSanitizer in CI, each worker scanning with
        # its own Vectorscan scratch)
        args = ["check", "--report-unused-disables", "-f", "json", self.kb]
        never = kbtest.run(args[:1] + ["-j", "1"] + args[1:], timeout=None, binary=True,
                           env={"KBLINT_PREFILTER": "never"})
        for j in JOBS:
            r = kbtest.run(args[:1] + ["-j", j] + args[1:], timeout=None, binary=True,
                           env={"KBLINT_PREFILTER": "always"})
            self.assertEqual((r.returncode, r.stdout), (never.returncode, never.stdout), j)
        # the facts file's patterns are in the prefilter too (kb_facts_prefilter): the report
        # compared holds what they find
        self.assertIn(b'"rule":"fact-contradiction"', never.stdout.replace(b" ", b""))
        timed = kbtest.run(["check", "-j", "2", "--timings", self.kb], timeout=None,
                           env={"KBLINT_PREFILTER": "always"})
        if os.environ.get("KBLINT_VECTORSCAN") != "no":
            self.assertIn("(one pass over the prose for every pattern)", timed.stderr)

    def test_timings(self):
        plain = run(["check", "-j", "2", "-f", "json", self.kb])
        timed = run(["check", "-j", "2", "--timings", "-f", "json", self.kb])
        self.assertEqual(timed.returncode, plain.returncode)
        self.assertEqual(timed.stdout, plain.stdout)  # the report does not change
        err = timed.stderr.decode().splitlines()
        self.assertRegex(err[0], r"^kblint: 603 files on 2 threads in [0-9.]+ s; seconds summed "
                         r"over the threads:$")
        self.assertEqual(err[1], "  seconds   share  stage or rule")
        rows = [re.match(r"^ *([0-9]+\.[0-9]{3})  +([0-9.]+)%  (\S.*)$", line) for line in err[2:]]
        self.assertTrue(all(rows), err)
        seconds = [float(m.group(1)) for m in rows]
        self.assertEqual(seconds, sorted(seconds, reverse=True))
        names = [m.group(3) for m in rows]
        for name in ["(reading and parsing files)", "(sentences that state quantities)",
                     "claim-statistic", "deadline-passed"]:
            self.assertIn(name, names)
        self.assertAlmostEqual(sum(float(m.group(2)) for m in rows), 100, delta=1.5)
        one = run(["check", "-j", "1", "--timings", self.kb]).stderr.decode()
        self.assertIn(" on 1 thread in ", one.splitlines()[0])

    def test_files_named_one_by_one(self):
        names = sorted(os.listdir(os.path.join(self.kb)))
        files = [os.path.join(self.kb, n) for n in names if n.endswith(".md")]
        self.assertGreater(len(files), 2)
        self.same(["check", "-f", "json"] + files)

    def test_links_resolved_in_parts(self):
        # over 4096 links: the links kind resolves them on -j threads, each part with a
        # resolver of its own; every kind of link, and the findings, the same for every -j
        kb = os.path.join(self.tmp, "links")
        os.makedirs(os.path.join(kb, "docs"), exist_ok=True)
        with open(os.path.join(kb, "docs", "Target.md"), "w") as f:
            f.write("---\nowner: a\nlast_reviewed_on: 2026-11-01\n---\n# Target\n\n## Known part\n")
        missing = 0
        for n in range(60):
            lines = ["---", "owner: a", "last_reviewed_on: 2026-11-01", "---", "# Page %d" % n, ""]
            for k in range(80):
                kind = (n * 80 + k) % 5
                if kind == 0:
                    lines.append("See [t](Target.md#known-part).")
                elif kind == 1:
                    lines.append("See [t](Target.md#gone-%d)." % k)
                elif kind == 2:
                    lines.append("See [t](missing-%d-%d.md)." % (n, k))
                    missing += 1
                elif kind == 3:
                    lines.append("See [t](target.md).")  # another case
                else:
                    lines.append("See [p](page-%d.md#page-%d)." % ((n + 1) % 60, (n + 1) % 60))
                lines.append("")
            with open(os.path.join(kb, "docs", "page-%d.md" % n), "w") as f:
                f.write("\n".join(lines))
        r = self.same(["check", "--no-config", "-f", "json", "--today", "2026-12-01", kb])
        rules = [f["rule"] for f in json.loads(r.stdout)["findings"]]
        self.assertEqual(rules.count("link-missing-file"), missing)
        self.assertEqual(rules.count("link-missing-anchor"), 960)
        self.assertEqual(rules.count("link-case-mismatch"), 960)

    def test_facts_and_audit(self):
        self.same(["facts", "-f", "csv", self.kb])
        self.same(["audit", "-f", "json", self.kb])

    def test_sample_kb(self):
        r = self.same(["check", "-f", "json", "fixtures/sample-kb"], cwd=ROOT, expect_rc=1)
        self.assertIn(b'"files_checked"', r.stdout)

    def test_more_jobs_than_files(self):
        one = os.path.join(SAMPLE, "faq.yaml")
        self.same(["check", "--no-config", one])
        r = run(["check", "-j", "64", "--no-config", one])
        self.assertEqual(r.stdout, run(["check", "-j", "1", "--no-config", one]).stdout)
        self.assertIn(b"faq.yaml:", r.stdout)

    def test_empty_folder(self):
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty, exist_ok=True)
        # nothing to check is a failed run (exit 2), the same for every -j
        for j in JOBS:
            r = run(["check", "-j", j, "--no-config", empty])
            self.assertEqual((r.returncode, r.stdout), (2, b"No file checked.\n"), j)
            self.assertEqual(r.stderr.decode(), "kblint: no article to check in %s: it holds no file "
                             "(hidden files and folders and node_modules are not looked in)\n" % empty)


class BadValues(unittest.TestCase):
    def test_bad_numbers(self):
        for bad in ["0", "x", "-1", "1025", "2x", ""]:
            r = run(["check", "-j", bad, SAMPLE])
            self.assertEqual(r.returncode, 2, bad)
            self.assertEqual(r.stdout, b"")
            self.assertTrue(r.stderr.decode().startswith(
                "kblint: -j needs a number of workers from 1 to 1024, not '%s'\nusage: " % bad),
                r.stderr.decode())

    def test_long_form_and_attached(self):
        a = run(["check", "--jobs=2", "-f", "json", SAMPLE])
        b = run(["check", "-j2", "-f", "json", SAMPLE])
        self.assertEqual(a.returncode, 1)
        self.assertEqual(a.stdout, b.stdout)

    def test_timings_only_for_check(self):
        r = run(["facts", "--timings", SAMPLE])
        self.assertEqual(r.returncode, 2)
        self.assertTrue(r.stderr.decode().startswith(
            "kblint: option '--timings' does not apply to this command\n"))

    def test_not_for_other_commands(self):
        for cmd in (["rules"], ["explain", "review-overdue"], ["verify", "x.md"]):
            r = run(cmd[:1] + ["-j", "2"] + cmd[1:])
            self.assertEqual(r.returncode, 2, cmd)
            self.assertTrue(r.stderr.decode().startswith(
                "kblint: option '--jobs' does not apply to this command\n"), r.stderr.decode())


if __name__ == "__main__":
    unittest.main(verbosity=2)
