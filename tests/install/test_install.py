#!/usr/bin/python3
"""`meson install` puts kblint and its rule packs where the installed binary finds them, and the
licence in share/doc/kblint: installs into a temporary DESTDIR and runs the installed binary
from there."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

BUILD = os.path.dirname(kbtest.KBLINT)
MESON = shutil.which("meson")


def main():
    with tempfile.TemporaryDirectory() as dest:
        p = subprocess.run([MESON, "install", "-C", BUILD, "--no-rebuild", "--quiet", "--destdir", dest],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stdout, p.stderr)
            return 1
        found = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs]
        exe = [f for f in found if f.endswith("/bin/kblint")]
        rules = sorted(os.path.basename(f) for f in found if "/share/kblint/rules/" in f)
        ok = True
        if len(exe) != 1:
            print("installed binaries: %s" % exe)
            return 1
        shipped = sorted(f for f in os.listdir(os.path.join(ROOT, "rules")))
        if rules != shipped:
            print("installed rule packs %s, shipped %s" % (rules, shipped))
            ok = False
        licence = [f for f in found if f.endswith("/share/doc/kblint/LICENSE")]
        with open(os.path.join(ROOT, "LICENSE"), "rb") as f:
            want = f.read()
        if len(licence) != 1 or open(licence[0], "rb").read() != want:
            print("share/doc/kblint/LICENSE is not the source's LICENSE: %s" % licence)
            ok = False
        env = {k: v for k, v in os.environ.items() if k != "KBLINT_RULES_DIR"}
        p = subprocess.run([exe[0], "rules", "--no-config"], capture_output=True, text=True, env=env)
        if p.returncode != 0 or "review-overdue" not in p.stdout or "placeholder-todo" not in p.stdout:
            print("the installed kblint did not find its rules: exit %d\n%s%s" % (p.returncode, p.stdout, p.stderr))
            ok = False
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
