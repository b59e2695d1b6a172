#!/usr/bin/python3
"""The pre-commit hook definition (.pre-commit-hooks.yaml) works: read with a small line parser
(the standard library has no YAML), its entry is run the way the pre-commit framework runs a
`language: system` hook (the staged files that match `files`, appended to the entry, in one run
since it is `require_serial`), in a temporary git repository; the exit status and output are
checked. The hook honours the config's include and exclude and still sees the whole knowledge
base. The plain git hook in docs/ci.md is installed and run by real commits too. With Debian's
pre-commit installed, docs/ci.md's two .pre-commit-config.yaml files (the local one pasted as it
is, the other's repo pointed at a scratch clone of this hook file, its rev at that clone's commit) run on real
commits; without it those tests are skipped with a message."""
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT, ROOT  # noqa: E402

GIT = shutil.which("git")

GOOD = ("---\ntitle: Good\nowner: support-ops\nlast_reviewed_on: 2026-11-01\n---\n# Good\n\n"
        "All true.\n")
BAD = GOOD.replace("All true.", "Call us at TODO.")
# a config like a real knowledge base's: drafts excluded, ERB-templated pages included
CONFIG = ("today: 2026-11-25\n"
          "include: ['**/*.md', '**/*.yaml', '**/*.html.md.erb']\n"
          "exclude: [drafts]\n")
HEAD = "---\ntitle: %s\nowner: support-ops\nlast_reviewed_on: 2026-11-01\n---\n# %s\n\n"
LINKS = HEAD % ("A", "A") + "Before you start, read [the setup](b.md#setup).\n"
TARGET = HEAD % ("B", "B") + "## Setup\n\nInstall it.\n"
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


PRE_COMMIT = shutil.which("pre-commit")


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


class Repo(unittest.TestCase):
    """A temporary git repository with kblint on PATH under its own name, as an installed
    `language: system` hook needs it."""

    def setUp(self):
        if not GIT:
            self.skipTest("git is not installed")
        self.tmp = tempfile.mkdtemp()
        self.repo = os.path.join(self.tmp, "repo")
        os.mkdir(self.repo)
        self.bin = os.path.join(self.tmp, "bin")
        os.mkdir(self.bin)
        os.symlink(KBLINT, os.path.join(self.bin, "kblint"))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env.update({"PATH": self.bin + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
                         "LC_ALL": "C.UTF-8", "HOME": self.tmp, "NO_COLOR": "1",
                         "PRE_COMMIT_HOME": os.path.join(self.tmp, "cache"),
                         "GIT_CONFIG_NOSYSTEM": "1", "GIT_CEILING_DIRECTORIES": self.tmp,
                         "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                         "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})
        self.git("init", "-q")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def git(self, *args, check=True, cwd=None):
        p = subprocess.run([GIT] + list(args), cwd=cwd or self.repo, capture_output=True,
                           text=True, env=self.env, timeout=120)
        if check:
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        return p

    def write(self, name, text):
        kbtest.write(self.repo, name, text)

    def commit(self, msg, *paths):
        self.git("add", *(paths or ["-A"]))
        return self.git("commit", "-q", "-m", msg, check=False)


class PreCommit(Repo):
    """The hook run as pre-commit runs it, without pre-commit itself."""

    def setUp(self):
        super().setUp()
        self.write(".kblint.yaml", "today: 2026-11-25\n")
        self.git("add", ".kblint.yaml")
        self.git("commit", "-q", "--no-verify", "-m", "config")
        self.hook = parse_hooks(read(".pre-commit-hooks.yaml"))[0]

    def run_hook(self):
        """What pre-commit does for a system hook: the staged files (deleted ones left out)
        matching `files` (every file by default) and not `exclude`, appended to entry and args,
        run from the repository's top."""
        staged = self.git("diff", "--cached", "--name-only", "--diff-filter=ACMRTUXB",
                          "-z").stdout
        files = [f for f in staged.split("\0") if f]
        files = [f for f in files if re.search(self.hook.get("files", ""), f)
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
        self.assertEqual(shlex.split(self.hook["entry"]), ["kblint", "check", "--changed-files"])
        self.assertIs(self.hook.get("pass_filenames", True), True)
        self.assertIs(self.hook.get("require_serial"), True)
        # no file filter of its own: kblint selects by the config, whatever include names
        self.assertNotIn("files", self.hook)
        self.assertNotIn("types", self.hook)

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
                         "\n2 findings in 2 of 3 files: 2 errors (unverified 2).\n")

    def test_clean_files_pass(self):
        # bad.md is not staged: its finding is not this commit's
        self.write("kb/good.md", GOOD)
        self.write("kb/bad.md", BAD)
        self.git("add", "kb/good.md")
        p = self.run_hook()
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "No findings in 1 file.\n", ""))

    def test_no_article_staged_passes_quietly(self):
        self.write("notes.txt", "TODO\n")
        self.write("image.png", "\x89PNG TODO\n")
        self.write("kb/bad.md", BAD)
        self.git("add", "notes.txt", "image.png")
        p = self.run_hook()
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))

    def test_staged_config_reports_everything(self):
        # a changed rule or severity can change any finding: all of them are reported
        self.write("kb/bad.md", BAD)
        self.commit("bad", "kb/bad.md")
        self.write(".kblint.yaml", "today: 2026-11-26\n")
        self.git("add", ".kblint.yaml")
        p = self.run_hook()
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("kb/bad.md:8:12: error: placeholder 'TODO'", p.stdout)

    def test_links_between_staged_files(self):
        # one run sees both files: the link to the staged article's heading is checked
        self.write("kb/a.md", GOOD + "\nSee [b](b.md#missing-heading).\n")
        self.write("kb/b.md", GOOD)
        self.git("add", "-A")
        p = self.run_hook()
        self.assertEqual(p.returncode, 1)
        self.assertIn("kb/a.md:10:5: error: no heading or anchor '#missing-heading' in b.md "
                      "[link-missing-anchor]\n", p.stdout)

    def test_excluded_draft_is_not_checked(self):
        self.write(".kblint.yaml", CONFIG)
        self.commit("config", ".kblint.yaml")
        self.write("kb/drafts/wip.md", BAD)
        self.git("add", "kb/drafts/wip.md")
        p = self.run_hook()
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))
        # a draft beside an article: only the article is checked
        self.write("kb/bad.md", BAD)
        self.git("add", "kb/bad.md")
        p = self.run_hook()
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stdout,
                         "kb/bad.md:8:12: error: placeholder 'TODO' must not reach customers "
                         "[placeholder-todo]\n\n1 finding in 1 file: 1 error (unverified 1).\n")
        # the same files `kblint check` checks
        q = subprocess.run(["kblint", "check", "--quiet"], cwd=self.repo, capture_output=True,
                           text=True, env=self.env, timeout=60)
        self.assertEqual(q.stdout, p.stdout.split("\n\n")[0] + "\n")

    def test_erb_article_included_by_config_is_checked(self):
        self.write(".kblint.yaml", CONFIG)
        self.commit("config", ".kblint.yaml")
        self.write("kb/setup.html.md.erb", BAD)
        self.write("kb/setup.html.erb", "TODO: a template the config does not include\n")
        self.git("add", "-A")
        p = self.run_hook()
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stdout,
                         "kb/setup.html.md.erb:8:12: error: placeholder 'TODO' must not reach "
                         "customers [placeholder-todo]\n"
                         "\n1 finding in 1 file: 1 error (unverified 1).\n")

    def test_renamed_heading_fails_an_unstaged_link(self):
        self.write("kb/a.md", LINKS)
        self.write("kb/b.md", TARGET)
        self.commit("articles")
        # only b.md is staged; a.md, which links to its heading, is not part of the commit
        self.write("kb/b.md", TARGET.replace("## Setup", "## Installation"))
        self.git("add", "kb/b.md")
        p = self.run_hook()
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stdout,
                         "kb/a.md:8:24: error: no heading or anchor '#setup' in b.md "
                         "[link-missing-anchor]\n\n1 finding in 1 of 2 files: 1 error (link 1).\n")

    def test_plain_git_hook_from_docs(self):
        blocks = re.findall(r"^```sh\n(#!/bin/sh\n.*?)^```$", read("docs", "ci.md"), re.S | re.M)
        self.assertEqual(len(blocks), 1, "docs/ci.md should hold one '#!/bin/sh' hook")
        hook = os.path.join(self.repo, ".git", "hooks", "pre-commit")
        with open(hook, "w") as f:
            f.write(blocks[0])
        os.chmod(hook, os.stat(hook).st_mode | stat.S_IXUSR)
        self.write("kb/bad.md", BAD)
        p = self.commit("bad")
        self.assertNotEqual(p.returncode, 0)
        # git sends a hook's output to its stderr
        self.assertIn("kb/bad.md:8:12: error: placeholder 'TODO' must not reach customers", p.stderr)
        self.assertEqual(self.git("rev-list", "--count", "HEAD").stdout, "1\n")
        self.write("kb/bad.md", GOOD)
        p = self.commit("good")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # a commit with no article passes quietly, whatever is left unstaged
        self.write("notes.txt", "TODO\n")
        self.write("kb/bad2.md", BAD)
        p = self.commit("notes", "notes.txt")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))
        # the config's exclude holds, and deleting a linked article stops the commit (a staged
        # config reports every finding: the untracked bad2.md would stop it)
        os.remove(os.path.join(self.repo, "kb", "bad2.md"))
        self.write(".kblint.yaml", CONFIG)
        self.write("kb/a.md", LINKS)
        self.write("kb/b.md", TARGET)
        self.assertEqual(self.commit("config", ".kblint.yaml", "kb/a.md", "kb/b.md").returncode, 0)
        self.write("kb/drafts/wip.md", BAD)
        self.assertEqual(self.commit("draft", "kb/drafts/wip.md").returncode, 0)
        self.git("rm", "-q", "kb/b.md")
        p = self.git("commit", "-q", "-m", "rm b", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("kb/a.md:8:24: error: link target 'b.md#setup' does not exist", p.stderr)

    def test_local_hook_in_docs_matches(self):
        for name, text in (("docs/ci.md", read("docs", "ci.md")),):
            m = re.search(r"^  - repo: local\n    hooks:\n((?:      .*\n)+)", text, re.M)
            self.assertTrue(m, name + " should show a 'repo: local' hook")
            body = "\n".join(l[6:] for l in m.group(1).splitlines())
            local = parse_hooks(body)[0]
            for key in ("id", "name", "entry", "language", "require_serial"):
                self.assertEqual(local[key], self.hook[key], name + ": " + key)
            self.assertNotIn("files", local, name)

    def test_docs_local_config_is_the_first(self):
        # the 'repo: local' config is the one test_local_config_pasted runs
        text = read("docs", "ci.md")
        local = re.search(r"^```yaml\n(repos:\n  - repo: local\n.*?)^```$", text, re.S | re.M)
        self.assertTrue(local, "docs/ci.md should show a 'repo: local' config")
        self.assertEqual(local.group(1), pre_commit_config(read("docs", "ci.md")))


def pre_commit_config(text):
    """The first ```yaml block of text that is a .pre-commit-config.yaml (starts 'repos:')."""
    for block in re.findall(r"^```yaml\n(.*?)^```$", text, re.S | re.M):
        if block.startswith("repos:"):
            return block
    return None


class WithPreCommit(Repo):
    """Debian's pre-commit, on real commits, with docs/ci.md's configs."""

    def setUp(self):
        if not PRE_COMMIT:
            self.skipTest("pre-commit is not installed (Debian: apt-get install pre-commit); "
                          ".ci/run installs it")
        super().setUp()

    def install(self, config):
        """Commits the config files and the two linked articles, with the hook installed."""
        self.write(".pre-commit-config.yaml", config)
        self.write(".kblint.yaml", CONFIG)
        self.write("kb/a.md", LINKS)
        self.write("kb/b.md", TARGET)
        p = subprocess.run([PRE_COMMIT, "install"], cwd=self.repo, capture_output=True,
                           text=True, env=self.env, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = self.commit("first")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def scenarios(self):
        """The four cases of issue 13, each a commit through pre-commit."""
        head = self.git("rev-parse", "HEAD").stdout
        # a staged draft under exclude is not checked: the commit goes through
        self.write("kb/drafts/wip.md", BAD)
        p = self.commit("draft", "kb/drafts/wip.md")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # a staged included article with a TODO stops the commit, with the finding
        self.write("kb/bad.md", BAD)
        p = self.commit("bad", "kb/bad.md")
        self.assertNotEqual(p.returncode, 0)
        out = p.stdout + p.stderr
        self.assertIn("kb/bad.md:8:12: error: placeholder 'TODO' must not reach customers "
                      "[placeholder-todo]", out)
        self.assertIn("- hook id: kblint", out)
        self.git("reset", "-q")
        os.remove(os.path.join(self.repo, "kb", "bad.md"))
        # an .html.md.erb article that include names is checked
        self.write("kb/setup.html.md.erb", BAD)
        p = self.commit("erb", "kb/setup.html.md.erb")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("kb/setup.html.md.erb:8:12: error: placeholder 'TODO'", p.stdout + p.stderr)
        self.git("reset", "-q")
        os.remove(os.path.join(self.repo, "kb", "setup.html.md.erb"))
        # renaming a heading that an unstaged article links to stops the commit; the unstaged
        # change to the staged file (a TODO) is stashed by pre-commit, so it is not reported
        self.write("kb/b.md", TARGET.replace("## Setup", "## Installation"))
        self.git("add", "kb/b.md")
        self.write("kb/b.md", TARGET.replace("## Setup", "## Installation") + "\nTODO.\n")
        p = self.git("commit", "-q", "-m", "rename", check=False)
        self.assertNotEqual(p.returncode, 0)
        out = p.stdout + p.stderr
        self.assertIn("kb/a.md:8:24: error: no heading or anchor '#setup' in b.md "
                      "[link-missing-anchor]", out)
        self.assertNotIn("placeholder", out)
        # the draft's commit is the only one made since
        self.assertEqual(self.git("rev-list", "--count", head.strip() + "..HEAD").stdout, "1\n")

    def test_local_config_pasted(self):
        config = pre_commit_config(read("docs", "ci.md"))
        self.assertIsNotNone(config, "docs/ci.md should show a .pre-commit-config.yaml")
        self.install(config)
        self.scenarios()

    def test_docs_remote_repo_config(self):
        # docs/ci.md's config that names kblint's repository: pointed at a scratch repository
        # holding this tree's hook file, at its commit (there is no release tag to name)
        configs = [b for b in re.findall(r"^```yaml\n(repos:\n.*?)^```$", read("docs", "ci.md"),
                                         re.S | re.M) if "\n    rev: " in b]
        self.assertEqual(len(configs), 1, "docs/ci.md should show one config with a rev")
        config = configs[0]
        m = re.match(r"repos:\n  - repo: (\S+)\n    rev: (\S+)\n", config)
        self.assertTrue(m, "docs/ci.md's config should name a repo and a rev:\n" + config)
        self.assertEqual(m.group(2), "COMMIT-SHA")
        hooks = os.path.join(self.tmp, "kblint-hooks")
        os.mkdir(hooks)
        shutil.copy(os.path.join(ROOT, ".pre-commit-hooks.yaml"), hooks)
        self.git("init", "-q", cwd=hooks)
        self.git("add", ".pre-commit-hooks.yaml", cwd=hooks)
        self.git("commit", "-q", "-m", "hooks", cwd=hooks)
        sha = self.git("rev-parse", "HEAD", cwd=hooks).stdout.strip()
        config = config.replace(m.group(1), hooks, 1).replace("COMMIT-SHA", sha, 1)
        self.install(config)
        self.scenarios()


if __name__ == "__main__":
    unittest.main(verbosity=2)
