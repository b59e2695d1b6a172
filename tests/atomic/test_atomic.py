#!/usr/bin/python3
"""Nothing lost: every command that writes a user's file writes a temporary file beside it and
renames it into place, so a write that fails halfway leaves the old file byte for byte and no
temporary file behind. The shim tests/atomic/failwrite.c (LD_PRELOAD, path in argv[1]) makes
write, fsync, close or rename fail on kblint's temporary files only.

Run by meson (env KBLINT = the binary); Debian's /usr/bin/python3, standard library only."""

import os
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

SHIM = None  # set from argv in __main__

ARTICLE = ("---\nowner: docs\nlast_reviewed_on: 2025-01-10\n---\n# Refunds\n\n"
           "Refunds take TODO days.\n")
OLD_REPORT = b"the old report: it must survive a failed write\n"

# (what fails, extra environment, the reason kblint must give)
FAILURES = [
    ("write", {}, "No space left on device"),
    # a partial temporary file exists when the write fails, as on a disk that fills up
    ("write", {"FAILWRITE_AFTER": "7"}, "No space left on device"),
    ("fsync", {"FAILWRITE_ERRNO": "EIO"}, "Input/output error"),
    ("close", {"FAILWRITE_ERRNO": "EDQUOT"}, "Disk quota exceeded"),
    ("rename", {"FAILWRITE_ERRNO": "EXDEV"}, "Invalid cross-device link"),
]


def run(args, cwd, fail=None, extra=None, umask=None):
    """kbtest.run under the shim, making fail (an operation) fail, with extra environment and
    umask (kblint inherits it); returns (status, stdout, stderr)."""
    env = {"LD_PRELOAD": SHIM,
           # in the sanitizer build AddressSanitizer wants to be the first library; the shim
           # only wraps five libc calls, so the order does not matter to it
           "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0",
           "FAILWRITE_OP": fail or None}
    env.update(extra or {})
    old = os.umask(umask) if umask is not None else None
    try:
        p = kbtest.run(args, cwd=cwd, env=env)
    finally:
        if old is not None:
            os.umask(old)
    return p.returncode, p.stdout, p.stderr


def snapshot(folder):
    """Every file below folder: its bytes and its mode."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, folder)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            else:
                with open(path, "rb") as f:
                    out[rel] = (f.read(), stat.S_IMODE(st.st_mode))
    return out


class Atomic(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="kblint-atomic-")
        self.dir = self.tmp.name
        self.kb = os.path.join(self.dir, "kb")
        os.mkdir(self.kb)
        self.put("kb/refunds.md", ARTICLE.encode())
        self.put("kb/.kblint.yaml", b"today: 2026-11-25\n")

    def tearDown(self):
        self.tmp.cleanup()

    def put(self, rel, data, mode=0o644):
        path = os.path.join(self.dir, rel)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode)
        return path

    def read(self, rel):
        with open(os.path.join(self.dir, rel), "rb") as f:
            return f.read()

    def assert_untouched(self, args, code, message, before=None):
        """Every failure of FAILURES: exit status code, stderr message (with {reason}), no
        output, and the folder exactly as it was."""
        for fail, extra, reason in FAILURES:
            with self.subTest(fail=fail, extra=extra):
                before = snapshot(self.dir)
                got = run(args, self.dir, fail, extra)
                self.assertEqual(got, (code, "", message.format(reason=reason)))
                self.assertEqual(snapshot(self.dir), before)

    # --output

    def test_output_replaces_whole_or_not_at_all(self):
        self.put("report.txt", OLD_REPORT, 0o640)
        self.assert_untouched(["check", "--output", "report.txt", "kb"], 2,
                              "kblint: cannot write report.txt: {reason}\n")
        # the same run without a failure replaces it, keeping its mode, and leaves nothing else
        before = set(os.listdir(self.dir))
        self.assertEqual(run(["check", "--output", "report.txt", "kb"], self.dir), (1, "", ""))
        self.assertIn(b"[placeholder-todo]", self.read("report.txt"))
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.dir, "report.txt")).st_mode),
                         0o640)
        self.assertEqual(set(os.listdir(self.dir)), before)

    def test_output_new_file_is_not_created_on_failure(self):
        self.assert_untouched(["check", "--format", "json", "-o", "new.json", "kb"], 2,
                              "kblint: cannot write new.json: {reason}\n")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "new.json")))

    def test_output_new_file_follows_umask(self):
        self.assertEqual(run(["check", "-o", "private.txt", "kb"], self.dir, umask=0o077),
                         (1, "", ""))
        mode = stat.S_IMODE(os.stat(os.path.join(self.dir, "private.txt")).st_mode)
        self.assertEqual(mode, 0o600)
        self.assertEqual(run(["check", "-o", "shared.txt", "kb"], self.dir, umask=0o022),
                         (1, "", ""))
        mode = stat.S_IMODE(os.stat(os.path.join(self.dir, "shared.txt")).st_mode)
        self.assertEqual(mode, 0o644)

    def test_output_through_symbolic_link(self):
        self.put("real.txt", OLD_REPORT)
        os.symlink("real.txt", os.path.join(self.dir, "link.txt"))
        self.assert_untouched(["check", "-o", "link.txt", "kb"], 2,
                              "kblint: cannot write link.txt: {reason}\n")
        self.assertEqual(run(["check", "-o", "link.txt", "kb"], self.dir), (1, "", ""))
        # the link stays a link; the file it names holds the report
        self.assertTrue(os.path.islink(os.path.join(self.dir, "link.txt")))
        self.assertIn(b"[placeholder-todo]", self.read("real.txt"))

    # --write-baseline

    def test_write_baseline(self):
        self.assertEqual(run(["check", "--write-baseline", "base.json", "kb"], self.dir),
                         (0, "base.json: recorded 2 findings\n", ""))
        # the baseline of another day, which a failed write must not replace
        old = self.read("base.json").replace(b"2 findings", b"two findings")
        self.put("base.json", old)
        self.assert_untouched(["check", "--write-baseline", "base.json", "kb"], 2,
                              "kblint: cannot write base.json: {reason}\n")
        self.assertEqual(self.read("base.json"), old)

    # verify

    def test_verify(self):
        self.assert_untouched(["verify", "--date", "2026-11-20", "kb/refunds.md"], 1,
                              "kb/refunds.md: error: cannot write: {reason}; nothing written\n")
        self.assertEqual(self.read("kb/refunds.md"), ARTICLE.encode())
        self.assertEqual(run(["verify", "--date", "2026-11-20", "kb/refunds.md"], self.dir),
                         (0, "kb/refunds.md: reviewed on 2026-11-20 (last_reviewed_on)\n", ""))
        self.assertEqual(self.read("kb/refunds.md"),
                         ARTICLE.replace("2025-01-10", "2026-11-20").encode())
        self.assertEqual(sorted(os.listdir(self.kb)), [".kblint.yaml", "refunds.md"])

    def test_verify_other_files_still_written(self):
        """A write that fails on one file does not stop the next one."""
        os.mkdir(os.path.join(self.kb, "sub"))
        self.put("kb/sub/b.md", ARTICLE.encode())
        code, out, err = run(["verify", "--date", "2026-11-20", "kb/refunds.md", "kb/sub/b.md"],
                             self.dir, "rename", {"FAILWRITE_MATCH": "/kb/.kblint-"})
        self.assertEqual((code, out, err),
                         (1, "kb/sub/b.md: reviewed on 2026-11-20 (last_reviewed_on)\n",
                          "kb/refunds.md: error: cannot write: No space left on device; "
                          "nothing written\n"))
        self.assertEqual(self.read("kb/refunds.md"), ARTICLE.encode())
        self.assertEqual(self.read("kb/sub/b.md"),
                         ARTICLE.replace("2025-01-10", "2026-11-20").encode())
        self.assertEqual(sorted(os.listdir(self.kb)), [".kblint.yaml", "refunds.md", "sub"])
        self.assertEqual(os.listdir(os.path.join(self.kb, "sub")), ["b.md"])

    # init: a new file only (a hard link, never a rename), so rename's failure does not apply

    def test_init(self):
        self.put("kb/config.rb", b"set :source, 'src'\n")
        os.mkdir(os.path.join(self.kb, "src"))
        os.unlink(os.path.join(self.kb, ".kblint.yaml"))
        for fail, extra, reason in FAILURES:
            if fail == "rename":
                continue
            with self.subTest(fail=fail, extra=extra):
                before = snapshot(self.dir)
                got = run(["init", "kb"], self.dir, fail, extra)
                self.assertEqual(got, (2, "", "kblint: cannot write kb/.kblint.yaml: %s\n" % reason))
                self.assertEqual(snapshot(self.dir), before)
        code, out, err = run(["init", "kb"], self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assertIn(b"site: middleman\n", self.read("kb/.kblint.yaml"))
        self.assertEqual(sorted(os.listdir(self.kb)),
                         [".kblint.yaml", "config.rb", "refunds.md", "src"])

    # audit (another command being built at the same time: tested once it exists)

    def audit_help(self):
        p = kbtest.run(["audit", "--help"])
        if p.returncode != 0:
            self.skipTest("kblint has no audit command yet")
        return p.stdout

    def assert_audit_untouched(self, args, code, path):
        """As assert_untouched; the wording around the reason is the audit's own."""
        for fail, extra, reason in FAILURES:
            with self.subTest(fail=fail, extra=extra):
                before = snapshot(self.dir)
                got, _, err = run(args, self.dir, fail, extra)
                self.assertEqual(got, code, err)
                self.assertIn(path, err)
                self.assertIn(reason, err)
                self.assertEqual(snapshot(self.dir), before)

    def test_audit_state(self):
        if "--state" not in self.audit_help():
            self.skipTest("kblint audit has no --state yet")
        code, _, err = run(["audit", "--state", "state.json", "kb"], self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assert_audit_untouched(["audit", "--state", "state.json", "--today", "2026-11-26",
                                     "kb"], 2, "state.json")

    def test_audit_output(self):
        self.audit_help()
        self.put("audit.txt", OLD_REPORT)
        self.assert_audit_untouched(["audit", "-o", "audit.txt", "kb"], 2,
                                    "cannot write audit.txt")

    def test_audit_out_dir(self):
        if "--out-dir" not in self.audit_help():
            self.skipTest("kblint audit has no --out-dir yet")
        self.put("kb/.kblint.yaml", b"today: 2026-11-25\naudit:\n  from: kb@example.com\n"
                 b"  owner_emails:\n    docs: docs@example.com\n")
        code, _, err = run(["audit", "--email", "--out-dir", "outbox", "kb"], self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(os.listdir(os.path.join(self.dir, "outbox")), ["docs.eml"])
        # a message not delivered is exit status 1
        self.assert_audit_untouched(["audit", "--email", "--out-dir", "outbox", "kb"], 1,
                                    "cannot write outbox/docs.eml")


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.path.exists(sys.argv[1]):
        sys.exit("usage: test_atomic.py path/to/failwrite.so")
    SHIM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
