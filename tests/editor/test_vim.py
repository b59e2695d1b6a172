#!/usr/bin/python3
"""docs/editors.md's Vim recipe lands on the right column: its makeprg and errorformat, run in
Debian's vim on kblint's output for a knowledge base whose findings follow tabs, accents, symbols
and emoji, give quickfix entries whose (line, column) is where each finding's text starts. Skips
with a message when vim is not installed (.ci/run installs it). KBLINT names the binary under
test."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import kbfixture

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT, ROOT  # noqa: E402

VIM = shutil.which("vim")

# Writes one line per quickfix entry: file, line, column, type, valid, and the text of the
# buffer from that byte column on. The buffers are loaded as UTF-8 whatever the locale says.
DUMP = r"""
function! Dump(out) abort
  let rows = []
  for e in getqflist()
    call bufload(e.bufnr)
    let text = get(getbufline(e.bufnr, e.lnum), 0, '')
    call add(rows, join([bufname(e.bufnr), e.lnum, e.col, e.type, e.valid, strpart(text, e.col - 1)], "\t"))
  endfor
  call writefile(rows, a:out)
endfunction
"""


def recipe():
    """The Vim block under '## Vim' in docs/editors.md."""
    with open(os.path.join(ROOT, "docs", "editors.md"), encoding="utf-8") as f:
        doc = f.read()
    section = doc[doc.index("\n## Vim\n"):]
    return re.search(r"```vim\n(.*?)```", section, re.S).group(1)


@unittest.skipUnless(VIM, "vim is not installed (apt-get install vim): the Vim recipe is not tested")
class Vim(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        kbfixture.write(self.dir)

    def tearDown(self):
        self._tmp.cleanup()

    def quickfix(self, how):
        """Runs vim on the knowledge base; how is 'make' (the recipe's makeprg) or 'cfile'."""
        rc = os.path.join(self.dir, "recipe.vim")
        with open(rc, "w", encoding="utf-8") as f:
            f.write("set encoding=utf-8 fileencodings=utf-8\n" + recipe() + DUMP)
        out = os.path.join(self.dir, "qf.txt")
        bindir = os.path.join(self.dir, "bin")
        os.mkdir(bindir)
        os.symlink(os.path.abspath(KBLINT), os.path.join(bindir, "kblint"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), LC_ALL="C")
        if how == "make":
            # the recipe's own makeprg, with the fixture's date and no config around it
            cmds = ["-c", "let &makeprg .= ' --no-config --today 2026-11-20 --report-unused-disables'",
                    "-c", "silent make! ."]
        else:
            report = os.path.join(self.dir, "report.txt")
            with open(report, "w", encoding="utf-8") as f:
                f.write(kbtest.run([*kbfixture.ARGS, "--column-unit", "byte", "."],
                                   cwd=self.dir).stdout)
            cmds = ["-c", "cfile " + report]
        p = subprocess.run([VIM, "-N", "-u", "NONE", "-i", "NONE", "-n", "-Es", "-S", rc, *cmds,
                            "-c", "call Dump('%s')" % out, "-c", "qa!"],
                           cwd=self.dir, env=env, capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL)
        self.assertTrue(os.path.exists(out), "vim exit %d: %s%s" % (p.returncode, p.stdout, p.stderr))
        with open(out, encoding="utf-8") as f:
            return [l.split("\t", 5) for l in f.read().splitlines()]

    def check(self, rows):
        want = {"placeholder-todo": 4, "link-missing-file": 1, "sentence-conflict": 1,
                "suppression-unused": 1, None: 1}
        self.assertEqual(len(rows), sum(want.values()), rows)
        words = [w for ws in kbfixture.WORDS.values() for w in ws]
        for name, lnum, col, typ, valid, text in rows:
            self.assertEqual(valid, "1", rows)
            self.assertIn(name, kbfixture.FILES)
            line = kbfixture.FILES[name].split("\n")[int(lnum) - 1]
            self.assertTrue(re.search(r"[^\x00-\x7f]", line.encode("utf-8")[:int(col) - 1].decode("utf-8")),
                            "nothing non-ASCII before %s:%s:%s" % (name, lnum, col))
            self.assertTrue(text.startswith(tuple(words)), "%s:%s:%s lands on %r" % (name, lnum, col, text))
        types = sorted(r[3] for r in rows)
        self.assertEqual(types, ["e"] * 6 + ["i", "w"])

    def test_make_with_the_recipe(self):
        self.check(self.quickfix("make"))

    def test_cfile(self):
        self.check(self.quickfix("cfile"))

    def test_characters_would_land_wrong(self):
        """Without --column-unit byte, Vim lands elsewhere on these lines (mid-character too)."""
        rows = self.quickfix("cfile")
        report = os.path.join(self.dir, "report.txt")
        with open(report, "w", encoding="utf-8") as f:
            f.write(kbtest.run([*kbfixture.ARGS, "."], cwd=self.dir).stdout)
        rc = os.path.join(self.dir, "recipe.vim")
        out = os.path.join(self.dir, "qf2.txt")
        subprocess.run([VIM, "-N", "-u", "NONE", "-i", "NONE", "-n", "-Es", "-S", rc, "-c", "cfile " + report,
                        "-c", "call Dump('%s')" % out, "-c", "qa!"], cwd=self.dir, capture_output=True,
                       timeout=120, stdin=subprocess.DEVNULL)
        with open(out, encoding="utf-8", errors="replace") as f:
            chars = [l.split("\t", 5) for l in f.read().splitlines()]
        self.assertEqual(len(chars), len(rows))
        self.assertTrue(all(c[5] != r[5] for c, r in zip(chars, rows)))


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if r.wasSuccessful() else 1)
