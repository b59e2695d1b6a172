#!/usr/bin/python3
"""The prefilter's cache (src/util/cache.c, docs/performance.md): the compiled database is kept
in the user's cache folder and read back by the next run with the same patterns; a file that is
damaged, truncated or holds another key is compiled again and replaced; findings never change;
a cache that cannot be written is no error; old files are removed past eight, and nothing else
in the folder is touched. KBLINT names the binary under test."""
import os
import shutil
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

SAMPLE = os.path.join(ROOT, "fixtures", "sample-kb")
HAVE_VS = os.environ.get("KBLINT_VECTORSCAN") != "no"
ARGS = ["check", "-f", "json", "--today", "2026-12-02", SAMPLE]


class Cache(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kblint-cache-")
        self.dir = os.path.join(self.tmp, "c")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def run_kb(self, env=None, args=ARGS):
        e = {"KBLINT_PREFILTER": "always", "KBLINT_CACHE_DIR": self.dir}
        e.update(env or {})
        r = kbtest.run(args, env=e, timeout=120)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stderr, "")
        return r.stdout

    def files(self, d=None):
        d = d or self.dir
        return sorted(f for f in os.listdir(d) if f.startswith("prefilter-")) \
            if os.path.isdir(d) else []

    @classmethod
    def setUpClass(cls):
        r = kbtest.run(ARGS, env={"KBLINT_PREFILTER": "never", "KBLINT_CACHE_DIR": ""})
        assert r.returncode == 1, r.stderr
        cls.want = r.stdout

    def test_kept_and_read_back(self):
        self.assertEqual(self.run_kb(), self.want)
        names = self.files()
        if not HAVE_VS:
            self.assertEqual(names, [])  # nothing to keep without Vectorscan
            return
        self.assertEqual(len(names), 1)
        self.assertRegex(names[0], r"^prefilter-[0-9a-f]{16}$")
        path = os.path.join(self.dir, names[0])
        self.assertEqual(stat.S_IMODE(os.stat(self.dir).st_mode), 0o700)
        with open(path, "rb") as f:
            self.assertEqual(f.read(15), b"kblint cache 1\n")
        before = os.stat(path)
        # read back: the same findings, and the file is not written again (a write replaces
        # it atomically, with a new inode)
        self.assertEqual(self.run_kb(), self.want)
        after = os.stat(path)
        self.assertEqual((after.st_ino, after.st_mtime_ns), (before.st_ino, before.st_mtime_ns))
        self.assertEqual(self.files(), names)

    def damaged(self, change):
        if not HAVE_VS:
            self.skipTest("built without Vectorscan")
        self.run_kb()
        path = os.path.join(self.dir, self.files()[0])
        with open(path, "rb") as f:
            good = f.read()
        with open(path, "wb") as f:
            f.write(change(good))
        ino = os.stat(path).st_ino
        self.assertEqual(self.run_kb(), self.want)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), good)  # compiled again and kept again
        self.assertNotEqual(os.stat(path).st_ino, ino)

    def test_truncated(self):
        self.damaged(lambda b: b[: len(b) // 2])

    def test_database_bytes_damaged(self):
        # Vectorscan checks its serialized database (a CRC): flipped bytes are refused
        self.damaged(lambda b: b[:-200] + bytes(x ^ 0x5A for x in b[-200:-100]) + b[-100:])

    def test_other_key(self):
        # the key is kept whole in the file: one byte of it changed is another key
        self.damaged(lambda b: b[:40] + bytes([b[40] ^ 1]) + b[41:])

    def test_empty_and_garbage(self):
        self.damaged(lambda b: b"")
        self.damaged(lambda b: b"kblint cache 1\n\xff\xff\xff\xff\xff\xff\xff\xff")

    def test_off(self):
        home = os.path.join(self.tmp, "home")
        os.mkdir(home)
        self.assertEqual(self.run_kb({"KBLINT_CACHE_DIR": "", "HOME": home,
                                      "XDG_CACHE_HOME": None}), self.want)
        self.assertEqual(os.listdir(home), [])

    def test_where(self):
        if not HAVE_VS:
            self.skipTest("built without Vectorscan")
        home = os.path.join(self.tmp, "home")
        os.mkdir(home)
        self.run_kb({"KBLINT_CACHE_DIR": None, "XDG_CACHE_HOME": None, "HOME": home})
        self.assertEqual(len(self.files(os.path.join(home, ".cache", "kblint"))), 1)
        xdg = os.path.join(self.tmp, "xdg")
        self.run_kb({"KBLINT_CACHE_DIR": None, "XDG_CACHE_HOME": xdg, "HOME": home})
        self.assertEqual(len(self.files(os.path.join(xdg, "kblint"))), 1)
        # a relative XDG_CACHE_HOME is ignored, as the XDG spec says
        home2 = os.path.join(self.tmp, "home2")
        os.mkdir(home2)
        self.run_kb({"KBLINT_CACHE_DIR": None, "XDG_CACHE_HOME": "rel", "HOME": home2})
        self.assertEqual(len(self.files(os.path.join(home2, ".cache", "kblint"))), 1)

    def test_cannot_write(self):
        # the cache folder's place is a file: no cache, no message, the same findings
        with open(self.dir, "w") as f:
            f.write("not a folder\n")
        self.assertEqual(self.run_kb(), self.want)
        with open(self.dir) as f:
            self.assertEqual(f.read(), "not a folder\n")

    def test_oldest_removed_past_eight(self):
        if not HAVE_VS:
            self.skipTest("built without Vectorscan")
        os.makedirs(self.dir)
        old = []
        for i in range(10):
            p = os.path.join(self.dir, "prefilter-%016x" % i)
            with open(p, "w") as f:
                f.write("old")
            os.utime(p, (1_000_000 + i, 1_000_000 + i))
            old.append(os.path.basename(p))
        # not kblint's: other names, a folder, a link are never removed
        for other in ["notes.txt", "prefilter-x", "prefilter-00000000000000000000"]:
            with open(os.path.join(self.dir, other), "w") as f:
                f.write("keep")
        os.mkdir(os.path.join(self.dir, "prefilter-%016x" % 99))
        self.run_kb()
        left = self.files()
        kept = [n for n in left if n not in old and len(n) == 26
                and os.path.isfile(os.path.join(self.dir, n))]
        self.assertEqual(len(kept), 1)  # the one just written
        # eight of kblint's files: the new one and the seven newest of the old
        self.assertEqual(sorted(n for n in left if n in old), old[3:])
        for other in ["notes.txt", "prefilter-x", "prefilter-00000000000000000000",
                      "prefilter-%016x" % 99]:
            self.assertTrue(os.path.exists(os.path.join(self.dir, other)), other)

    def test_other_rules_other_file(self):
        # a user's pattern rule is another set of patterns: another file; both are kept
        if not HAVE_VS:
            self.skipTest("built without Vectorscan")
        self.run_kb()
        kb = os.path.join(self.tmp, "kb")
        shutil.copytree(SAMPLE, kb)
        kbtest.write(kb, "rules/extra.yaml",
                     "rules:\n  - id: no-frobnicate\n    kind: pattern\n    category: unverified\n"
                     "    severity: warning\n    message: \"'$0'\"\n    pattern: '\\bfrobnicat\\w*'\n")
        with open(os.path.join(kb, ".kblint.yaml"), "a") as f:
            f.write("rules: [rules/extra.yaml]\n")
        kbtest.write(kb, "frob.md", "---\nowner: a\nlast_reviewed_on: 2026-11-01\n---\n"
                     "# Frob\n\nWe frobnicate daily.\n")
        r = kbtest.run(["check", "--today", "2026-12-02", kb],
                       env={"KBLINT_PREFILTER": "always", "KBLINT_CACHE_DIR": self.dir})
        self.assertIn("frob.md:7:4: warning: 'frobnicate' [no-frobnicate]", r.stdout)
        self.assertEqual(len(self.files()), 2)


if __name__ == "__main__":
    unittest.main()
