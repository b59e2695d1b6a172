#!/usr/bin/python3
"""docs/editors.md's VS Code problem matcher (tasks.json) and GitHub's ::add-matcher:: file
(docs/kblint-matcher.json) read every finding of the documented command, with the right
severity, and their column points at the finding's text counted in UTF-16 code units, as both
count it, on lines with tabs, accents, symbols and emoji. The matcher file is also held to the
rules the Actions runner applies when it loads one. KBLINT names the binary under test."""
import json
import os
import re
import shlex
import sys
import tempfile
import unittest

import kbfixture

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

FIELDS = ("file", "line", "column", "severity", "code", "message")


def doc():
    with open(os.path.join(ROOT, "docs", "editors.md"), encoding="utf-8") as f:
        return f.read()


def section(title):
    d = doc()
    start = d.index("\n## " + title)
    end = d.find("\n## ", start + 1)
    return d[start:end if end > 0 else len(d)]


def run_documented(command, folder):
    """Runs a documented kblint command on the fixture: its options, with the fixture's date and
    no config, on the folder instead of kb. Returns stdout's lines."""
    words = shlex.split(command)
    assert words[0] == "kblint" and words[1] == "check" and words[-1] == "kb", command
    p = kbtest.run([*words[1:-1], *kbfixture.ARGS[1:], "."], cwd=folder)
    assert p.returncode == 1, p.stderr
    return p.stdout.splitlines()


class Matchers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.dir = cls._tmp.name
        kbfixture.write(cls.dir)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def lands(self, name, line, col):
        """The text from UTF-16 column col of the fixture's line."""
        text = kbfixture.FILES[name].split("\n")[line - 1].encode("utf-16-le")
        return text[(col - 1) * 2:].decode("utf-16-le")

    def check_match(self, m, pattern, severity):
        name, line, col = m.group(pattern["file"]), int(m.group(pattern["line"])), int(m.group(pattern["column"]))
        text = self.lands(name, line, col)
        code = m.group(pattern["code"])  # None for a file that could not be loaded
        words = kbfixture.WORDS[code]
        if code is None:
            self.assertTrue(m.group(pattern["message"]).startswith("invalid YAML"), m.group(0))
        self.assertTrue(text.startswith(words), "%s:%d:%d lands on %r" % (name, line, col, text))
        self.assertIn(severity, ("error", "warning", "info", "notice"))
        self.assertTrue(m.group(pattern["message"]))

    def test_vscode_tasks_json(self):
        block = re.search(r"```json\n(.*?)```", section("VS Code"), re.S).group(1)
        task = json.loads(block)["tasks"][0]
        matcher = task["problemMatcher"]
        pattern = matcher["pattern"]
        rx = re.compile(pattern["regexp"])
        for k in FIELDS:
            self.assertLessEqual(pattern[k], rx.groups, k)
        lines = run_documented(task["command"], self.dir)
        findings = [l for l in lines if re.search(r": (error|warning|info): ", l)]
        self.assertEqual(len(findings), 8, lines)  # 7 findings and a file that cannot be loaded
        seen = set()
        for l in findings:
            m = rx.match(l)
            self.assertTrue(m, l)
            self.check_match(m, pattern, m.group(pattern["severity"]))
            seen.add(m.group(pattern["severity"]))
        self.assertEqual(seen, {"error", "warning", "info"})

    def test_github_matcher_file(self):
        with open(os.path.join(ROOT, "docs", "kblint-matcher.json"), encoding="utf-8") as f:
            matchers = json.load(f)["problemMatcher"]
        owners = [m["owner"].lower() for m in matchers]
        self.assertEqual(len(owners), len(set(owners)))
        compiled = []
        for m in matchers:
            self.assertTrue(m["owner"])
            self.assertIn(m.get("severity", "").lower(), ("", "error", "warning", "notice"))
            self.assertEqual(len(m["pattern"]), 1)
            p = m["pattern"][0]
            rx = re.compile(p["regexp"])
            self.assertIn("message", p)
            for k in FIELDS:
                if k in p:
                    self.assertLessEqual(p[k], rx.groups, k)
            compiled.append((rx, p, m.get("severity")))
        self.assertIn("echo \"::add-matcher::.github/kblint-matcher.json\"", section("GitHub Actions"))
        command = re.search(r"- run: (kblint check .*)", section("GitHub Actions")).group(1)
        lines = run_documented(command, self.dir)
        self.assertEqual(len(lines), 8, lines)  # 7 findings and the file that could not be loaded
        severities = []
        for l in lines:
            hits = [(rx.match(l), p, sev) for rx, p, sev in compiled if rx.match(l)]
            self.assertEqual(len(hits), 1, l)
            m, p, sev = hits[0]
            sev = m.group(p["severity"]) if "severity" in p else sev
            self.check_match(m, p, sev)
            severities.append(sev)
        self.assertEqual(sorted(severities), ["error"] * 6 + ["notice", "warning"])


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if r.wasSuccessful() else 1)
