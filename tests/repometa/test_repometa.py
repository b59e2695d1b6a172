#!/usr/bin/python3
"""Metadata the repository gives, in temporary git repositories made here: `codeowners` (a
CODEOWNERS file, GitHub's or GitLab's syntax, names the owner of articles whose metadata names
none; the owners roster still applies) and `freshness.fallback: git` (an article with no review
date field is judged by its file's last commit, read in ONE git process for the whole knowledge
base; a shallow clone whose history starts after the file's last change, an uncommitted file and
a folder outside any work tree are each said to be so)."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
from datetime import date, timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
GIT = shutil.which("git")
TODAY = date(2026, 11, 25)
FIELDS = "last_reviewed_on, last_reviewed, last_verified, reviewed_on, reviewed, ms.date"


def page(title, extra=""):
    return "---\ntitle: %s\n%s---\n# %s\n\nText.\n" % (title, extra, title)


def add_months(d, n):
    """d plus n months, the day clamped to the month's end (as kblint's intervals do)."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise AssertionError(d)


def overdue(changed, owner=None):
    """The review-overdue message of an article last changed on `changed` (default interval of
    6 months), computed here independently of kblint."""
    due = add_months(changed, 6)
    msg = "review was due %s (%d days ago); last changed %s (git); no review date" % (
        due.isoformat(), (TODAY - due).days, changed.isoformat())
    return msg + ("; owner: %s" % owner if owner else "")


class Repo(unittest.TestCase):
    def setUp(self):
        if not GIT:
            self.skipTest("git is not installed")
        self.tmp = tempfile.mkdtemp()
        self.repo = os.path.join(self.tmp, "repo")
        os.mkdir(self.repo)
        # git's messages in English, and no user or system config that could change them
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env.update({"LC_ALL": "C", "LANGUAGE": "", "HOME": self.tmp, "NO_COLOR": "1",
                         "GIT_CONFIG_NOSYSTEM": "1", "GIT_CEILING_DIRECTORIES": self.tmp,
                         "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                         "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def git(self, *args, cwd=None, env=None):
        p = subprocess.run([GIT] + list(args), cwd=cwd or self.repo, capture_output=True,
                           text=True, env=env or self.env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def commit(self, msg, day, cwd=None):
        env = dict(self.env)
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = day.isoformat() + "T12:00:00+0000"
        self.git("add", "-A", cwd=cwd, env=env)
        self.git("commit", "-q", "-m", msg, cwd=cwd, env=env)

    def write(self, name, text, root=None):
        kbtest.write(root or self.repo, name, text)

    def kblint(self, *args, cwd=None, env=None, cmd="check"):
        return kbtest.run([cmd, "--today", TODAY.isoformat(), *args], cwd=cwd or self.repo,
                          env=kbtest.only(env or self.env))


class GitFallback(Repo):
    def setUp(self):
        super().setUp()
        self.git("init", "-q")
        self.write("kb/.kblint.yaml", "freshness:\n  fallback: git\n")
        self.write("kb/old.md", page("Old", "owner: ops\n"))
        self.write("kb/sub/keep.md", page("Keep", "owner: ops\n"))
        self.write("kb/reviewed.md", page("Reviewed", "owner: ops\nlast_reviewed_on: 2026-11-01\n"))
        self.commit("first", date(2024, 3, 1))
        self.write("kb/sub/keep.md", page("Keep", "owner: ops\n") + "More.\n")
        self.commit("second", date(2026, 1, 10))
        self.kb = os.path.join(self.repo, "kb")

    def test_dates_from_the_last_commit(self):
        self.write("kb/new.md", page("New", "owner: ops\n"))  # never committed
        p = self.kblint(".", cwd=self.kb)
        self.assertEqual(p.stderr, "")
        self.assertEqual(p.stdout.splitlines()[:3], [
            "new.md:1:1: warning: no review date, and git has no commit of this file (add one "
            "of: %s) [reviewed-missing]" % FIELDS,
            "old.md:1:1: error: %s [review-overdue]" % overdue(date(2024, 3, 1), "ops"),
            "sub/keep.md:1:1: error: %s [review-overdue]" % overdue(date(2026, 1, 10), "ops"),
        ])
        self.assertEqual(p.returncode, 1)
        # the article with a review date is judged by it alone
        self.assertNotIn("reviewed.md", p.stdout)

    def test_due_soon_from_git(self):
        self.write("kb/soon.md", page("Soon", "owner: ops\n"))
        self.commit("soon", date(2026, 5, 30))
        p = self.kblint("soon.md", cwd=self.kb)
        self.assertEqual(p.stdout.splitlines()[0],
                         "soon.md:1:1: warning: review is due 2026-11-30 (in 5 days); last changed "
                         "2026-05-30 (git); no review date; owner: ops [review-due-soon]")

    def test_undated_words_judged_by_the_last_commit(self):
        # no review date: "coming soon" is judged against the file's last commit, and the
        # message says where the date came from; without the fallback it still fires, saying
        # the article gives no date
        self.write("kb/soon-words.md", page("Soon", "owner: ops\n") + "Dark mode is coming soon.\n")
        self.commit("words", date(2024, 3, 1))
        p = self.kblint("soon-words.md", cwd=self.kb)
        words = [l for l in p.stdout.splitlines() if l.endswith("[undated-time-words]")]
        self.assertEqual(words, [
            "soon-words.md:8:14: info: 'coming soon' was written before the last review on "
            "2024-03-01 (its last commit), more than 1 year ago [undated-time-words]"])
        self.write("kb/.kblint.yaml", "freshness:\n  fallback: none\n")
        p = self.kblint("soon-words.md", cwd=self.kb)
        words = [l for l in p.stdout.splitlines() if l.endswith("[undated-time-words]")]
        self.assertEqual(words, [
            "soon-words.md:8:14: info: 'coming soon' ages, and the article gives no review date "
            "to judge it by; check it still holds [undated-time-words]"])

    def test_a_file_outside_the_config_folder(self):
        # named on the command line, below no folder whose history was read: no claim either way
        self.write("elsewhere/x.md", page("X", "owner: ops\n"))
        self.commit("elsewhere", date(2026, 3, 1))
        p = self.kblint("../elsewhere/x.md", cwd=self.kb)
        self.assertEqual(p.stdout.splitlines()[0], "../elsewhere/x.md:1:1: warning: no review "
                         "date (add one of: %s) [reviewed-missing]" % FIELDS)

    def test_without_the_fallback_nothing_changes(self):
        self.write("kb/.kblint.yaml", "freshness:\n  fallback: none\n")
        p = self.kblint(".", cwd=self.kb)
        self.assertIn("old.md:1:1: warning: no review date (add one of: %s) [reviewed-missing]"
                      % FIELDS, p.stdout)
        self.assertNotIn("(git)", p.stdout)

    def test_one_git_process_for_the_whole_knowledge_base(self):
        # long names, so that git's output comes in several reads and names span them
        for i in range(200):
            self.write("kb/many/p%03d-%s.md" % (i, "long-name" * 8), page("P%d" % i, "owner: ops\n"))
        self.commit("many", date(2025, 1, 1))
        wrap = os.path.join(self.tmp, "bin")
        os.mkdir(wrap)
        count = os.path.join(self.tmp, "git-calls")
        script = os.path.join(wrap, "git")
        with open(script, "w") as f:
            f.write("#!/bin/sh\necho \"$*\" >> '%s'\nexec '%s' \"$@\"\n" % (count, GIT))
        os.chmod(script, os.stat(script).st_mode | stat.S_IEXEC)
        env = dict(self.env, PATH=wrap + os.pathsep + self.env.get("PATH", ""))
        for cmd in ("check", "audit"):
            if os.path.exists(count):
                os.remove(count)
            p = self.kblint(".", cwd=self.kb, env=env, cmd=cmd)
            self.assertIn(p.returncode, (0, 1), p.stderr)
            with open(count) as f:
                calls = f.read().splitlines()
            self.assertEqual(len(calls), 1, (cmd, calls))
            self.assertTrue(calls[0].startswith("-C ") and " log " in calls[0], calls)
            if cmd == "check":
                want = ["many/p%03d-%s.md:1:1: error: %s [review-overdue]"
                        % (i, "long-name" * 8, overdue(date(2025, 1, 1), "ops"))
                        for i in range(200)]
                self.assertEqual([l for l in p.stdout.splitlines() if "many/" in l], want)

    def test_audit_says_the_date_is_from_git(self):
        p = self.kblint(".", cwd=self.kb, cmd="audit")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("old.md: due 2024-09-01, %d days overdue, last changed 2024-03-01 (git)"
                      % (TODAY - date(2024, 9, 1)).days, p.stdout)

    def test_shallow_clone(self):
        # a third commit changes old.md; a clone of depth 2 starts at "second", which (as a
        # shallow boundary) lists every file: only old.md's date is known
        self.write("kb/old.md", page("Old", "owner: ops\n") + "Changed.\n")
        self.commit("third", date(2026, 2, 1))
        clone = os.path.join(self.tmp, "clone")
        self.git("clone", "-q", "--depth", "2", "file://" + self.repo, clone)
        self.assertEqual(self.git("rev-parse", "--is-shallow-repository", cwd=clone).strip(),
                         "true")
        p = self.kblint(".", cwd=os.path.join(clone, "kb"))
        self.assertEqual(p.stderr, "")
        lines = p.stdout.splitlines()
        self.assertIn("old.md:1:1: error: %s [review-overdue]" % overdue(date(2026, 2, 1), "ops"),
                      lines)
        self.assertIn("sub/keep.md:1:1: warning: no review date, and git history is too shallow "
                      "to tell when it last changed (add one of: %s) [reviewed-missing]" % FIELDS,
                      lines)
        # depth 1: nothing can be told
        clone1 = os.path.join(self.tmp, "clone1")
        self.git("clone", "-q", "--depth", "1", "file://" + self.repo, clone1)
        p = self.kblint(".", cwd=os.path.join(clone1, "kb"))
        shallow = [l for l in p.stdout.splitlines() if "too shallow" in l]
        self.assertEqual([l.split(":")[0] for l in shallow], ["old.md", "sub/keep.md"])
        self.assertNotIn("(git)", p.stdout)

    def test_not_a_repository(self):
        plain = os.path.join(self.tmp, "plain")
        shutil.copytree(self.kb, plain)
        p = self.kblint(".", cwd=plain)
        self.assertEqual(p.stderr,
                         "kblint: freshness.fallback is git, but git cannot read the history of "
                         "%s (not a git repository (or any of the parent directories): .git); "
                         "articles with no review date are reported as having none\n"
                         % os.path.realpath(plain))
        self.assertIn("old.md:1:1: warning: no review date (add one of: %s) [reviewed-missing]"
                      % FIELDS, p.stdout)
        self.assertEqual(p.returncode, 0)  # warnings only

    def test_no_git_installed(self):
        env = dict(self.env, PATH=os.path.join(self.tmp, "nothing-here"))
        p = self.kblint(".", cwd=self.kb, env=env)
        self.assertTrue(p.stderr.startswith("kblint: freshness.fallback is git, but git cannot "
                                            "read the history of "), p.stderr)
        self.assertIn("(cannot run git: No such file or directory)", p.stderr)
        self.assertEqual(p.stderr.count("\n"), 1)
        self.assertEqual(p.returncode, 0)

    def test_new_repository_without_commits(self):
        fresh = os.path.join(self.tmp, "fresh")
        shutil.copytree(self.kb, fresh)
        self.git("init", "-q", cwd=fresh)
        p = self.kblint(".", cwd=fresh)
        self.assertEqual(p.stderr, "")
        self.assertIn("old.md:1:1: warning: no review date, and git has no commit of this file "
                      "(add one of: %s) [reviewed-missing]" % FIELDS, p.stdout)

    def test_bad_fallback(self):
        self.write("kb/.kblint.yaml", "freshness:\n  fallback: svn\n")
        p = self.kblint(".", cwd=self.kb)
        self.assertEqual((p.returncode, p.stdout), (2, ""))
        self.assertEqual(p.stderr, ".kblint.yaml:2:13: error: 'freshness.fallback' must be git "
                                   "or none, not 'svn'\n")


class CodeOwners(Repo):
    def setUp(self):
        super().setUp()
        self.git("init", "-q")
        self.write(".github/CODEOWNERS",
                   "# who owns what\n"
                   "*                @acme/docs\n"
                   "/kb/billing/     @acme/billing @bob\n"
                   "/kb/billing/legacy.md\n")
        self.write("kb/.kblint.yaml", "codeowners: true\n")
        base = "last_reviewed_on: 2026-01-01\n"
        self.write("kb/a.md", page("A", base))
        self.write("kb/mine.md", page("Mine", base + "owner: support-ops\n"))
        self.write("kb/billing/b.md", page("B", base))
        self.write("kb/billing/legacy.md", page("Legacy", base))
        self.commit("first", date(2026, 1, 1))
        self.kb = os.path.join(self.repo, "kb")

    def findings(self, p):
        return [l for l in p.stdout.splitlines() if l and not l[0].isdigit()]

    def test_owner_from_codeowners(self):
        p = self.kblint(".", cwd=self.kb)
        self.assertEqual(p.stderr, "")
        due = "review was due 2026-07-01 (147 days ago)"
        self.assertEqual(self.findings(p)[:4], [
            "a.md:3:19: error: %s; owner: @acme/docs [review-overdue]" % due,
            "billing/b.md:3:19: error: %s; owner: @acme/billing, @bob [review-overdue]" % due,
            # the last matching line lists nobody: nobody owns it
            "billing/legacy.md:1:1: warning: no owner: nobody will be told when it goes stale "
            "[owner-missing]",
            "billing/legacy.md:3:19: error: %s [review-overdue]" % due,
        ])
        # the front matter's owner wins
        self.assertIn("mine.md:3:19: error: %s; owner: support-ops [review-overdue]" % due,
                      p.stdout)

    def test_audit_groups_by_codeowners(self):
        p = self.kblint(".", "--format", "json", cwd=self.kb, cmd="audit")
        self.assertEqual(p.returncode, 0, p.stderr)
        owners = [o["owner"] for o in json.loads(p.stdout)["owners"]]
        self.assertEqual(owners, ["@acme/billing", "@acme/docs", "@bob", "support-ops", "unowned"])

    def test_without_the_key_codeowners_is_not_read(self):
        self.write("kb/.kblint.yaml", "codeowners: false\n")
        p = self.kblint("a.md", cwd=self.kb)
        self.assertIn("a.md:1:1: warning: no owner", p.stdout)

    def test_roster_applies(self):
        self.write("kb/owners.yml", "owners:\n"
                                    "  - name: \"@acme/docs\"\n    email: docs@example.com\n"
                                    "  - name: support-ops\n    email: ops@example.com\n")
        self.write("kb/.kblint.yaml", "codeowners: true\nowners: owners.yml\n")
        p = self.kblint(".", cwd=self.kb)
        self.assertEqual(p.stderr,
                         "%s:3: warning: owner '@acme/billing' is not in the owners roster "
                         "(owners.yml)\n"
                         "%s:3: warning: owner '@bob' is not in the owners roster (owners.yml)\n"
                         % ((os.path.realpath(os.path.join(self.repo, ".github/CODEOWNERS")),) * 2))
        self.assertEqual(p.returncode, 1)

    def test_gitlab_sections_and_a_named_file(self):
        os.remove(os.path.join(self.repo, ".github/CODEOWNERS"))
        self.write(".gitlab/CODEOWNERS",
                   "[Docs] @docs-team\n"
                   "kb/\n"
                   "^[Billing][2] @billing\n"
                   "/kb/billing/\n")
        for cfg in ("codeowners: true\n", "codeowners: ../.gitlab/CODEOWNERS\n"):
            self.write("kb/.kblint.yaml", cfg)
            p = self.kblint(".", cwd=self.kb)
            self.assertEqual(p.stderr, "", cfg)
            self.assertIn("billing/b.md:3:19: error: review was due 2026-07-01 (147 days ago); "
                          "owner: @docs-team, @billing [review-overdue]", p.stdout, cfg)
            self.assertIn("a.md:3:19: error: review was due 2026-07-01 (147 days ago); "
                          "owner: @docs-team [review-overdue]", p.stdout, cfg)

    def test_a_changed_codeowners_file_reports_everything(self):
        self.assertEqual(self.kblint("--changed-since", "HEAD", ".", cwd=self.kb).returncode, 0)
        self.write(".github/CODEOWNERS", "* @someone-else\n")
        p = self.kblint("--changed-since", "HEAD", ".", cwd=self.kb)
        self.assertIn("a.md:3:19: error: review was due 2026-07-01 (147 days ago); owner: "
                      "@someone-else [review-overdue]", p.stdout)
        self.assertEqual(p.returncode, 1)

    def test_rule_examples_stand_alone(self):
        # the shipped examples (owner-missing among them) hold with both keys on
        self.write("kb/.kblint.yaml", "codeowners: true\nfreshness:\n  fallback: git\n")
        p = kbtest.run(["rules", "--check-examples"], cwd=self.kb, env=kbtest.only(self.env))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_no_codeowners_file(self):
        os.remove(os.path.join(self.repo, ".github/CODEOWNERS"))
        p = self.kblint(".", cwd=self.kb)
        self.assertEqual((p.returncode, p.stdout), (2, ""))
        self.assertEqual(p.stderr,
                         ".kblint.yaml: error: codeowners: no CODEOWNERS file in .github/, the "
                         "top folder, docs/ or .gitlab/ of %s or a folder above it up to the "
                         "repository's root\n" % os.path.realpath(self.kb))
        self.write("kb/.kblint.yaml", "codeowners: OWNERS\n")
        p = self.kblint(".", cwd=self.kb)
        self.assertEqual((p.returncode, p.stderr),
                         (2, ".kblint.yaml:1:13: error: CODEOWNERS file 'OWNERS' does not exist\n"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
