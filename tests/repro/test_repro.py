#!/usr/bin/python3
"""Reproducible builds: the source tree copied into two folders of different names and path
lengths (one built in a folder inside its copy, the other in a folder beside it), configured with
the default options, gives two kblint binaries that are byte for byte the same and hold neither
folder's path. Each still finds the shipped rules from its build folder, also after the copy is
moved. KBLINT names the binary under test; KBLINT_SOURCE_ROOT the source tree."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT  # noqa: E402

ROOT = os.path.abspath(kbtest.ROOT)
MESON = shutil.which("meson")


def source_files():
    """The files of the source tree, relative to ROOT: git's tracked and untracked files that
    are not ignored, else every file outside .git and build folders."""
    p = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others",
                        "--exclude-standard"], capture_output=True)
    if p.returncode == 0 and p.stdout:
        names = [n for n in p.stdout.decode().split("\0") if n]
        return [n for n in names if os.path.lexists(os.path.join(ROOT, n))]
    found = []
    for d, dirs, files in os.walk(ROOT):
        dirs[:] = [x for x in dirs if x != ".git" and not x.startswith("build")
                   and x != "__pycache__"]
        found += [os.path.relpath(os.path.join(d, f), ROOT) for f in files]
    return found


def copy_tree(dest):
    for name in source_files():
        src, dst = os.path.join(ROOT, name), os.path.join(dest, name)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst, follow_symlinks=False)


def build(source, builddir):
    """meson setup with the default options, then only the kblint executable; its path."""
    for args in ([MESON, "setup", builddir, source], [MESON, "compile", "-C", builddir,
                                                      "kblint:executable"]):
        p = subprocess.run(args, cwd=source, capture_output=True, text=True)
        if p.returncode != 0:
            raise AssertionError("%s failed:\n%s%s" % (" ".join(args), p.stdout[-3000:],
                                                       p.stderr[-3000:]))
    return os.path.join(builddir, "kblint")


def rules_found(exe):
    """True when exe, run from another folder without KBLINT_RULES_DIR, lists shipped rules."""
    env = {k: v for k, v in os.environ.items() if k != "KBLINT_RULES_DIR"}
    p = subprocess.run([exe, "rules", "--no-config"], capture_output=True, text=True, env=env,
                       cwd="/")
    return p.returncode == 0 and "placeholder-todo" in p.stdout


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


class Reproducible(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = [tempfile.mkdtemp(prefix="kblint-repro-"),
                   tempfile.mkdtemp(prefix="kblint-repro-second-and-longer-folder-")]
        # a build folder inside its copy, as README says ...
        cls.src_a = os.path.join(cls.tmp[0], "kb")
        cls.build_a = os.path.join(cls.src_a, "build")
        # ... and one beside a copy at a deeper, longer path
        cls.src_b = os.path.join(cls.tmp[1], "nested", "kblint-source-copy")
        cls.build_b = os.path.join(cls.tmp[1], "nested", "out-of-tree-build")
        copy_tree(cls.src_a)
        copy_tree(cls.src_b)
        cls.exe_a = build(cls.src_a, cls.build_a)
        cls.exe_b = build(cls.src_b, cls.build_b)
        with open(cls.exe_a, "rb") as f:
            cls.bytes_a = f.read()
        with open(cls.exe_b, "rb") as f:
            cls.bytes_b = f.read()

    @classmethod
    def tearDownClass(cls):
        for t in cls.tmp:
            shutil.rmtree(t, ignore_errors=True)

    def test_same_bytes(self):
        self.assertTrue(self.bytes_a == self.bytes_b,
                        "the two builds differ: %d and %d bytes, first at offset %d"
                        % (len(self.bytes_a), len(self.bytes_b),
                           first_difference(self.bytes_a, self.bytes_b)))

    def test_no_folder_in_binary(self):
        folders = set()
        for f in self.tmp + [self.src_a, self.build_a, self.src_b, self.build_b]:
            folders |= {f, os.path.realpath(f)}
        for name, data in (("first", self.bytes_a), ("second", self.bytes_b)):
            for f in sorted(folders):
                self.assertNotIn(f.encode(), data, "%s build holds %s" % (name, f))
            # nor any piece of them: the temporary folders' names are unique
            for t in self.tmp:
                self.assertNotIn(os.path.basename(t).encode(), data)

    def test_tested_binary_holds_no_folder(self):
        with open(KBLINT, "rb") as f:
            data = f.read()
        for folder in {ROOT, os.path.realpath(ROOT), os.path.dirname(KBLINT),
                       os.path.realpath(os.path.dirname(KBLINT))}:
            self.assertNotIn(folder.encode(), data)

    def test_build_folders_find_the_rules(self):
        self.assertTrue(rules_found(self.exe_a))
        self.assertTrue(rules_found(self.exe_b))

    def test_moved_copy_finds_the_rules(self):
        moved = os.path.join(self.tmp[0], "moved-elsewhere")
        os.rename(self.src_a, moved)
        try:
            self.assertTrue(rules_found(os.path.join(moved, "build", "kblint")))
        finally:
            os.rename(moved, self.src_a)


if __name__ == "__main__":
    unittest.main(verbosity=2)
