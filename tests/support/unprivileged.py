"""kblint as the user `nobody`, for the tests whose point is a permission that root would
ignore (a file kblint may not read, a folder it may not write). Imported by tests/hostile and
tests/verify; Debian's /usr/bin/python3, standard library only.

The checkout may sit in a folder other users cannot enter (root's home, a `mktemp -d` folder,
mode 0700), so nobody may not be able to run build/kblint where it is. kblint is copied, with
the rule packs it reads, into a fresh folder that everyone may enter, laid out as a relocated
install (bin/kblint beside share/kblint/rules, docs/installing.md), and that copy is run."""
import os
import pwd
import shutil
import subprocess
import tempfile

USER = "nobody"


class Unavailable(Exception):
    """Why kblint cannot run as nobody here: the message a skipped test gives."""


def _open_up(top):
    """Lets everyone read top and everything below it (what the copy needs), whatever the
    umask was when the checkout was made."""
    os.chmod(top, 0o755)
    for root, dirs, files in os.walk(top):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
        for f in files:
            path = os.path.join(root, f)
            os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)


def demote(user):
    """A preexec_fn that drops every privilege of root to user's (a pwd entry)."""
    def pre():
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    return pre


class Nobody:
    """A copy of kblint that nobody can run, in a folder of its own. kblint: the binary to
    copy; source_root: the tree whose rules/ it reads. Raises Unavailable with the reason when
    there is no user nobody or it still cannot run the copy (a temporary folder others may not
    enter, say). Call close() to delete the copy."""

    def __init__(self, kblint, source_root):
        try:
            self.user = pwd.getpwnam(USER)
        except KeyError:
            raise Unavailable("running as root and there is no user '%s' to drop to" % USER)
        self.dir = tempfile.mkdtemp(prefix="kblint-nobody-")
        try:
            os.mkdir(os.path.join(self.dir, "bin"))
            self.kblint = os.path.join(self.dir, "bin", "kblint")
            shutil.copy(kblint, self.kblint)
            shutil.copytree(os.path.join(source_root, "rules"),
                            os.path.join(self.dir, "share", "kblint", "rules"))
            _open_up(self.dir)
            self.probe()
        except BaseException:
            self.close()
            raise

    def probe(self):
        """Raises Unavailable unless nobody can run the copy and it finds the rule packs."""
        try:
            p = subprocess.run([self.kblint, "rules", "--no-config"], cwd=self.dir,
                               capture_output=True, text=True, timeout=60,
                               preexec_fn=demote(self.user))
        except OSError as e:
            raise Unavailable("user '%s' cannot run a copy of kblint in %s: %s"
                              % (USER, self.dir, e))
        if p.returncode != 0 or "placeholder-todo" not in p.stdout:
            raise Unavailable("user '%s' cannot run a copy of kblint in %s (exit %d): %s"
                              % (USER, self.dir, p.returncode, p.stderr.strip()))

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def as_nobody(test, kblint, source_root):
    """For a unittest.TestCase running as root: a Nobody whose copy is deleted when the test
    ends; skips the test with the reason when there can be none."""
    try:
        n = Nobody(kblint, source_root)
    except Unavailable as e:
        test.skipTest(str(e))
    test.addCleanup(n.close)
    return n
