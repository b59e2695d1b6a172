#!/usr/bin/python3
"""The manual's examples run as tests, so the documentation cannot drift from the behaviour: in
README.md and every docs/*.md page, every ```console block ($ kblint ... and the exact output),
the config example, the rule-file and facts-file examples (loaded, and the rules' examples
checked) and the config error shown; in README, the shape of the Quick start."""
import os
import re
import shlex
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT, ROOT, write  # noqa: E402



def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


README = read("README.md")
# README and the manual's pages, by name. docs/rules.md is generated from rules/ (its examples
# run as `kblint rules --check-examples`), so its YAML blocks are rule examples, not the manual's.
PAGES = {"README.md": README}
for _name in sorted(os.listdir(os.path.join(ROOT, "docs"))):
    if _name.endswith(".md"):
        PAGES["docs/" + _name] = read("docs", _name)
GENERATED = {"docs/rules.md"}


def blocks(lang, generated=True):
    """(page, block) of every ```lang block of README and docs/*.md."""
    return [(name, b) for name, text in PAGES.items() if generated or name not in GENERATED
            for b in re.findall(r"^```%s\n(.*?)^```$" % lang, text, re.S | re.M)]


def section(title):
    m = re.search(r"^## %s\n(.*?)(?=^## )" % re.escape(title), README, re.S | re.M)
    return m.group(1) if m else ""


class Readme(unittest.TestCase):
    def test_console_examples(self):
        examples = []
        for page, block in blocks("console"):
            for chunk in re.split(r"^(?=\$ )", block, flags=re.M):
                if chunk.startswith("$ "):
                    cmd, _, out = chunk.partition("\n")
                    examples.append((page, cmd[2:], out))
        self.assertGreaterEqual(len([e for e in examples if e[0] == "README.md"]), 4)
        self.assertGreaterEqual(len({e[0] for e in examples}), 4)
        for page, cmd, want in examples:
            argv = shlex.split(cmd)
            self.assertEqual(argv[0], "kblint")
            # "2>&1" at the end: stderr is shown too (before the report, which kblint writes
            # last), and the run is one that fails (exit 2)
            merged = argv[-1] == "2>&1"
            if merged:
                argv.pop()
            # not kbtest.run: stderr may go where stdout goes
            p = subprocess.run([KBLINT] + argv[1:], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                               text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"})
            self.assertIn(p.returncode, (2,) if merged else (0, 1),
                          page + ": " + cmd + "\n" + (p.stderr or ""))
            self.assertEqual(p.stdout, want, page + ": " + cmd)

    def test_quick_start(self):
        qs = section("Quick start")
        sh = re.findall(r"^```sh\n(.*?)^```$", qs, re.S | re.M)
        self.assertEqual(len(sh), 1)
        cmds = [l for l in sh[0].splitlines() if l.strip() and not l.lstrip().startswith("#")]
        self.assertEqual(len(cmds), 2)
        self.assertIn("fixtures/sample-kb", cmds[0])
        self.assertIn("meson test", cmds[1])
        ci = read(".ci", "run")
        self.assertIn(cmds[1], ci)

    def test_config_and_rule_examples(self):
        yamls = [b for _, b in blocks("yaml", generated=False)]
        config = [y for y in yamls if y.startswith("today:")]
        rules = [y for y in yamls if y.startswith("rules:")]
        facts = [y for y in yamls if y.startswith("facts:")]
        self.assertEqual((len(config), len(rules), len(facts)), (1, 1, 1))
        self.assertEqual(config[0], read("fixtures", "sample-kb", ".kblint.yaml")
                         .split("\n", 2)[2])  # the sample's config, less its two comment lines
        with tempfile.TemporaryDirectory() as tmp:
            write(tmp, "team-rules.yaml", rules[0])
            write(tmp, "facts.yaml", facts[0])
            write(tmp, ".kblint.yaml", config[0] + "rules: [team-rules.yaml]\n")
            p = kbtest.run(["rules", "--check-examples"], cwd=tmp)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            write(tmp, "a.md", "---\nlast_reviewed_on: 2026-11-01\nowner: billing-team\n---\nFixed in SUP-42. Refunds are issued within 14 days.\n")
            p = kbtest.run(["check", "-q", "a.md"], cwd=tmp)
            self.assertEqual(p.stdout, "a.md:5:10: error: internal ticket 'SUP-42' must not reach customers [internal-ticket]\n"
                             "a.md:5:44: error: says 14 days; the canonical refund-window is 30 days "
                             "(source: https://policies.example.com/refunds) [fact-contradiction]\n")
            self.assertEqual(p.returncode, 1)

    def test_vector_store_loaders(self):
        """The ```python loaders (README, docs/export.md) run on a real export of the sample, with
        a store that records what it gets: chunks of usable articles only, none of an untrusted,
        excluded or lapsed one."""
        loaders = [b for page, b in blocks("python") if "kb.jsonl" in b]
        self.assertGreaterEqual(len(loaders), 2)
        with tempfile.TemporaryDirectory() as tmp:
            p = subprocess.run([KBLINT, "export", "--content", "clean", "-o",
                                os.path.join(tmp, "kb.jsonl"), "fixtures/sample-kb"],
                               cwd=ROOT, capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(os.path.join(tmp, "kb.jsonl"), encoding="utf-8") as f:
                records = [__import__("json").loads(l) for l in f]
            usable = {r["id"] for r in records if r["trust"] in ("trusted", "review")}
            self.assertTrue(usable)
            self.assertTrue(usable != {r["id"] for r in records})
            for code in loaders:
                added = []

                class Store:
                    def add(self, **kw):
                        added.append(kw)

                cwd = os.getcwd()
                os.chdir(tmp)
                try:
                    exec(code, {"store": Store(), "embed": lambda text: [len(text)]})
                finally:
                    os.chdir(cwd)
                ids = {a["id"].rsplit("#", 1)[0] for a in added}
                self.assertTrue(ids, code)
                self.assertLessEqual(ids, usable, code)
                for a in added:
                    self.assertTrue(a["text"].strip())
                    self.assertEqual(a["vector"], [len(a["text"])])

    def test_config_error_example(self):
        shown = [m.group(1) for text in PAGES.values()
                 for m in re.finditer(r"^(\.kblint\.yaml:2:1: error: unknown key 'fileds'.*)$", text, re.M)]
        self.assertEqual(len(shown), 1)
        shown = shown[0]
        with tempfile.TemporaryDirectory() as tmp:
            write(tmp, ".kblint.yaml", "today: 2026-11-25\nfileds: {}\n")
            p = kbtest.run(["check"], cwd=tmp)
            self.assertEqual((p.returncode, p.stderr), (2, shown + "\n"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
