#!/usr/bin/python3
"""A build without libcurl (meson -Dsmtp=disabled): it configures and compiles, with the
warnings of this build; kblint does not link libcurl; `audit --email --send smtp` says that this
build has no SMTP support, with exit status 2; .eml files and sendmail still work (the
`kblint audit --email` tests of tests/mail run on it, with KBLINT_SMTP=no).

Run by meson: argv[1] = this build's folder (the second build goes in a temporary folder inside
it, and only its kblint target is compiled), argv[2] = "werror" when this build turns warnings
into errors. Debian's /usr/bin/python3, standard library only."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from kbtest import ROOT  # noqa: E402  (tests/support)

BUILD_ROOT = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else "build")
WERROR = (sys.argv.pop(1) if len(sys.argv) > 1 else "") == "werror"
NO_SMTP = ("kblint: this build has no SMTP support (built without libcurl); use --send "
           "sendmail, or leave out --send to write .eml files\n")
CONFIG = """freshness:
  default_interval: 6 months
audit:
  from: "Knowledge Base <kb@example.com>"
  default_recipient: kb-team@example.com
"""


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


class NoSmtp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("meson") is None:
            raise unittest.SkipTest("no meson on PATH to configure a second build")
        cls.build = tempfile.mkdtemp(prefix="no-smtp-", dir=BUILD_ROOT)
        try:
            args = ["meson", "setup", cls.build, ROOT, "-Dsmtp=disabled", "--buildtype=plain"]
            if WERROR:
                args.append("--werror")
            p = run(args, timeout=300)
            if p.returncode != 0:
                raise AssertionError("%s: exit %d\n%s%s" % (" ".join(args), p.returncode,
                                                            p.stdout, p.stderr))
            cls.setup_out = p.stdout
            p = run(["meson", "compile", "-C", cls.build, "kblint:executable"], timeout=1200)
            if p.returncode != 0:
                raise AssertionError("compiling without libcurl: exit %d\n%s%s"
                                     % (p.returncode, p.stdout, p.stderr))
        except BaseException:
            shutil.rmtree(cls.build, ignore_errors=True)
            raise
        cls.kblint = os.path.join(cls.build, "kblint")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.build, ignore_errors=True)

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        shutil.copytree(os.path.join(ROOT, "tests", "audit", "kb"), os.path.join(self.tmp, "kb"))
        with open(os.path.join(self.tmp, "kb", ".kblint.yaml"), "w") as f:
            f.write(CONFIG)

    def audit(self, *args):
        return run([self.kblint, "audit", "--today", "2026-11-25", "--email", *args, "kb"],
                   cwd=self.tmp, timeout=60)

    def test_configured_without_libcurl(self):
        self.assertRegex(self.setup_out, r"SMTP \(libcurl\)\s*: NO")
        if shutil.which("readelf"):
            p = run(["readelf", "-d", self.kblint], timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("(NEEDED)", p.stdout)
            self.assertNotIn("libcurl", p.stdout)

    def test_send_smtp_says_there_is_no_smtp(self):
        for extra in (["--smtp-url", "smtp://127.0.0.1:25"], [], ["--smtp-url", "http://x"]):
            p = self.audit("--send", "smtp", *extra)
            self.assertEqual((p.returncode, p.stdout, p.stderr), (2, "", NO_SMTP), extra)
        self.assertEqual(os.listdir(self.tmp), ["kb"])

    def test_eml_files_still_written(self):
        p = self.audit("--out-dir", "out")
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        self.assertEqual(p.stdout, "mail for owners without an address: billing-team, legal, "
                                   "logistics, support-ops, unowned to kb-team@example.com: "
                                   "written to out/digest.eml\n")
        with open(os.path.join(self.tmp, "out", "digest.eml"), "rb") as f:
            head = f.read().split(b"\r\n\r\n")[0]
        self.assertIn(b"\r\nTo: kb-team@example.com\r\n", head)
        self.assertIn(b"\r\nSubject: [kblint] 8 overdue articles and 2 due soon for ", head)

    def test_mail_tests_pass_on_it(self):
        """tests/mail's `kblint audit --email` tests (.eml files, sendmail, usage errors, and
        the no-SMTP refusal), run on this build."""
        env = dict(os.environ, KBLINT=self.kblint, KBLINT_SMTP="no")
        p = run(["/usr/bin/python3", os.path.join(ROOT, "tests", "mail", "test_mail.py"),
                 "no-driver", "-v", "AuditEmail"], env=env, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        # each test's line, and its docstring's line when it has one, ends in "... ok"
        for name in ("test_no_smtp_support", "test_sendmail", "test_default_writes_eml_files"):
            self.assertRegex(p.stderr, r"\n%s \(.*\)(\n[^\n]*)? \.\.\. ok\n" % name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
