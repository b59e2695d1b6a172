#!/usr/bin/python3
"""The pre-commit hook definition (.pre-commit-hooks.yaml) works: read with a small line parser
(the standard library has no YAML), its entry is run the way the pre-commit framework runs a
`language: system` hook (the staged files that match `files`, appended to the entry, in one run
since it is `require_serial`), in a temporary git repository; the exit status and output are
checked. The plain git hook in docs/ci.md is installed and run by real commits too."""
import os
import re
import shlex
import shutil
import stat
import subprocess
import tempfile
import unittest

KBLINT = os.path.abspath(os.environ.get("KBLINT", "build/kblint"))
ROOT = os.environ.get("KBLINT_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GIT = shutil.which("git")

GOOD = ("---\ntitle: Good\nowner: support-ops\nlast_reviewed_on: 2026-11-01\n---\n# Good\n\n"
        "All true.\n")
BAD = GOOD.replace("All true.", "Call us at TODO.")
FAQ = ("- question: Open?\n  owner: support-ops\n  last_reviewed_on: 2026-11-01\n"
       "  answer: Yes, TBD.\n")


def scalar(text):
    """A YAML scalar as the hook file writes them: plain, 'single' or "double" quoted."""
    text = text.strip()
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        return text[1:-1].replace("''", "'")
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        return bytes(text[1:-1], "utf-8").decode("unicode_escape")
    text = re.sub(r"\s+#.*$", "", text)
    return {"true": True, "false": False}.get(text, text)


def parse_hooks(text):
    """A list of flat mappings, one per '- key: value' item; comments and blank lines skipped."""
    hooks = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(- |  )([A-Za-z_]+):\s*(.*)$", line)
        if not m:
            raise ValueError("unexpected line in the hook file: %r" % line)
        if m.group(1) == "- ":
            hooks.append({})
        if not hooks:
            raise ValueError("a key before the first hook: %r" % line)
        hooks[-1][m.group(2)] = scalar(m.group(3))
    return hooks


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


class PreCommit(unittest.TestCase):
    def setUp(self):
        if not GIT:
            self.skipTest("git is not installed")
        self.tmp = tempfile.mkdtemp()
        self.repo = os.path.join(self.tmp, "repo")
        os.mkdir(self.repo)
        # kblint on PATH under its own name, as an installed `language: system` hook needs it
        self.bin = os.path.join(self.tmp, "bin")
        os.mkdir(self.bin)
        os.symlink(KBLINT, os.path.join(self.bin, "kblint"))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env.update({"PATH": self.bin + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
                         "LC_ALL": "C", "HOME": self.tmp, "NO_COLOR": "1",
                         "GIT_CONFIG_NOSYSTEM": "1", "GIT_CEILING_DIRECTORIES": self.tmp,
                         "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                         "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})
        self.git("init", "-q")
        self.write(".kblint.yaml", "today: 2026-11-25\n")
        self.hook = parse_hooks(read(".pre-commit-hooks.yaml"))[0]

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def git(self, *args, check=True):
        p = subprocess.run([GIT] + list(args), cwd=self.repo, capture_output=True, text=True,
                           env=self.env, timeout=60)
        if check:
            self.assertEqual(p.returncode, 0, p.stderr)
        return p

    def write(self, name, text):
        path = os.path.join(self.repo, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def run_hook(self):
        """What pre-commit does for a system hook: the staged files matching `files` (and not
        `exclude`), appended to entry and args, run from the repository's top."""
        staged = self.git("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").stdout
        files = [f for f in staged.split("\0") if f]
        files = [f for f in files if re.search(self.hook["files"], f)
                 and not ("exclude" in self.hook and re.search(self.hook["exclude"], f))]
        if not files:
            return None
        argv = shlex.split(self.hook["entry"]) + list(self.hook.get("args", []))
        if self.hook.get("pass_filenames", True):
            argv += files
        return subprocess.run(argv, cwd=self.repo, capture_output=True, text=True, env=self.env,
                              timeout=60)

    def test_definition(self):
        self.assertEqual(self.hook["id"], "kblint")
        self.assertEqual(self.hook["name"], "kblint")
        self.assertEqual(self.hook["language"], "system")
        self.assertEqual(shlex.split(self.hook["entry"])[0], "kblint")
        self.assertIs(self.hook.get("pass_filenames", True), True)
        self.assertIs(self.hook.get("require_serial"), True)
        pattern = self.hook["files"]
        self.assertEqual(pattern, r"\.(md|markdown|ya?ml)$")
        for name in ("a.md", "kb/b.markdown", "faq.yaml", "x/faq.yml"):
            self.assertTrue(re.search(pattern, name), name)
        for name in ("a.txt", "a.mdx", "a.md.bak", "yaml", "a.xml"):
            self.assertFalse(re.search(pattern, name), name)

    def test_finding_fails_the_hook(self):
        self.write("kb/good.md", GOOD)
        self.write("kb/bad.md", BAD)
        self.write("kb/faq.yaml", FAQ)
        self.write("notes.txt", "TODO: not an article\n")
        self.git("add", "-A")
        p = self.run_hook()
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stderr, "")
        self.assertEqual(p.stdout,
                         "kb/bad.md:8:12: error: placeholder 'TODO' must not reach customers "
                         "[placeholder-todo]\n"
                         "kb/faq.yaml:4:16: error: placeholder 'TBD' must not reach customers "
                         "[placeholder-todo]\n"
                         "\n2 findings in 2 of 3 files: 2 errors (unverified 2).\n"
                         "Skipped 1 YAML file that holds no article.\n")  # .kblint.yaml

    def test_clean_files_pass(self):
        self.write("kb/good.md", GOOD)
        self.write("kb/bad.md", BAD)
        self.git("add", "kb/good.md", ".kblint.yaml")
        p = self.run_hook()
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "No findings in 1 file.\n"
                                                          "Skipped 1 YAML file that holds no article.\n", ""))

    def test_links_between_staged_files(self):
        # one run sees both files: the link to the staged article's heading is checked
        self.write("kb/a.md", GOOD + "\nSee [b](b.md#missing-heading).\n")
        self.write("kb/b.md", GOOD)
        self.git("add", "-A")
        p = self.run_hook()
        self.assertEqual(p.returncode, 1)
        self.assertIn("kb/a.md:10:5: error: no heading or anchor '#missing-heading' in b.md "
                      "[link-missing-anchor]\n", p.stdout)

    def test_plain_git_hook_from_docs(self):
        blocks = re.findall(r"^```sh\n(#!/bin/sh\n.*?)^```$", read("docs", "ci.md"), re.S | re.M)
        self.assertEqual(len(blocks), 1, "docs/ci.md should hold one '#!/bin/sh' hook")
        hook = os.path.join(self.repo, ".git", "hooks", "pre-commit")
        with open(hook, "w") as f:
            f.write(blocks[0])
        os.chmod(hook, os.stat(hook).st_mode | stat.S_IXUSR)
        self.write("kb/bad.md", BAD)
        self.git("add", "-A")
        p = self.git("commit", "-q", "-m", "bad", check=False)
        self.assertNotEqual(p.returncode, 0)
        # git sends a hook's output to its stderr
        self.assertIn("kb/bad.md:8:12: error: placeholder 'TODO' must not reach customers", p.stderr)
        self.assertEqual(self.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).stdout, "")
        self.write("kb/bad.md", GOOD)
        self.git("add", "-A")
        p = self.git("commit", "-q", "-m", "good", check=False)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # a commit with no article does not run kblint on the whole folder
        self.write("notes.txt", "TODO\n")
        self.write("kb/bad2.md", BAD)
        self.git("add", "notes.txt")
        p = self.git("commit", "-q", "-m", "notes", check=False)
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))

    def test_local_hook_in_docs_matches(self):
        text = read("docs", "ci.md")
        m = re.search(r"^  - repo: local\n    hooks:\n((?:      .*\n)+)", text, re.M)
        self.assertTrue(m, "docs/ci.md should show a 'repo: local' hook")
        body = "\n".join(l[6:] for l in m.group(1).splitlines())
        local = parse_hooks(body)[0]
        for key in ("id", "entry", "language", "files", "require_serial"):
            self.assertEqual(local[key], self.hook[key], key)


if __name__ == "__main__":
    unittest.main(verbosity=2)
