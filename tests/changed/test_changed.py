#!/usr/bin/python3
"""`kblint check --changed-since REF` in temporary git repositories made here: only the files
that changed since REF are reported (changed, added, deleted, untracked), plus the cross-article
findings of unchanged articles that involve a changed file (a link to a deleted article, a
sentence that conflicts with a changed one); exact errors outside a work tree and for an
unknown ref. `--changed-files FILE...` (the pre-commit hook) names the changed files instead:
the knowledge base under the config's folder is read whole, the named files that its include
and exclude select are reported with the findings that involve them, and the rest is ignored."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

GIT = shutil.which("git")

HEAD = "---\ntitle: %s\nowner: support-ops\nlast_reviewed_on: 2026-11-01\n---\n# %s\n\n"
A = HEAD % ("A", "A") + "See [the B article](b.md) and [C](c.md#c).\n\nAlso TODO here.\n"
B = HEAD % ("B", "B") + "The B article.\n"
C = HEAD % ("C", "C") + "The C article.\n"


class Changed(unittest.TestCase):
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
        self.git("init", "-q")
        self.write("kb/.kblint.yaml", "today: 2026-11-25\n")
        self.write("kb/a.md", A)
        self.write("kb/b.md", B)
        self.write("kb/c.md", C)
        self.write("README.md", "Not in the knowledge base. TODO\n")
        self.commit("first")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def git(self, *args):
        p = subprocess.run([GIT] + list(args), cwd=self.repo, capture_output=True, text=True,
                           env=self.env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def commit(self, msg):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", msg)

    def write(self, name, text):
        kbtest.write(self.repo, name, text)

    def kblint(self, *args, cwd=None):
        return kbtest.run(["check", *args], cwd=cwd or self.repo, env=kbtest.only(self.env))

    def test_nothing_changed(self):
        p = self.kblint("--changed-since", "HEAD", "kb")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "No findings: no article changed since HEAD.\n", ""))
        # the whole run has a finding in a.md that is not reported
        self.assertEqual(self.kblint("kb").returncode, 1)

    def test_no_article_at_all_is_still_a_failed_run(self):
        # nothing changed, but there is nothing to change either: the include is wrong
        self.write("docs/page.html.md.erb", "# Page\n")
        self.commit("docs")
        p = self.kblint("--changed-since", "HEAD", "docs")
        self.assertEqual((p.returncode, p.stdout), (2, "No file checked.\n"))
        self.assertEqual(p.stderr, "kblint: no article to check in docs: found 1 file ending in "
                         ".html.md.erb and it did not match include; add include: ['**/*.html.md.erb']\n")

    def test_only_the_changed_file(self):
        self.write("kb/c.md", C + "\nAsk FIXME.\n")
        p = self.kblint("--changed-since", "HEAD", "kb")
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stdout,
                         "kb/c.md:10:5: error: placeholder 'FIXME' must not reach customers "
                         "[placeholder-todo]\n\n1 finding in 1 file: 1 error (unverified 1).\n")
        # committed: the same against the commit before
        self.commit("c")
        p2 = self.kblint("--changed-since", "HEAD~1", "kb")
        self.assertEqual(p2.stdout, p.stdout)
        self.assertEqual(self.kblint("--changed-since", "HEAD", "kb").stdout,
                         "No findings: no article changed since HEAD.\n")
        # staged only, from a subfolder, with the folder named "."
        self.write("kb/b.md", B + "\nTBD.\n")
        self.git("add", "kb/b.md")
        p = self.kblint("--changed-since", "HEAD", "--quiet", ".", cwd=os.path.join(self.repo, "kb"))
        self.assertEqual(p.stdout, "b.md:10:1: error: placeholder 'TBD' must not reach customers "
                                   "[placeholder-todo]\n")

    def test_untracked_file(self):
        self.write("kb/new.md", HEAD % ("N", "N") + "New and TODO.\n")
        self.write("kb/ignored.md", HEAD % ("I", "I") + "Ignored TODO.\n")
        self.write(".gitignore", "ignored.md\n")
        p = self.kblint("--changed-since", "HEAD", "--quiet", "kb")
        self.assertEqual(p.stdout, "kb/new.md:8:9: error: placeholder 'TODO' must not reach "
                                   "customers [placeholder-todo]\n")

    def test_link_to_deleted_file_is_reported(self):
        os.remove(os.path.join(self.repo, "kb/b.md"))
        p = self.kblint("--changed-since", "HEAD", "kb")
        self.assertEqual(p.returncode, 1)
        # a.md did not change, but its link to the deleted b.md is reported; its TODO is not
        self.assertEqual(p.stdout,
                         "kb/a.md:8:5: error: link target 'b.md' does not exist "
                         "[link-missing-file]\n\n1 finding in 1 file: 1 error (link 1).\n")
        # the same once the deletion is committed
        self.commit("rm b")
        self.assertEqual(self.kblint("--changed-since", "HEAD~1", "kb").stdout, p.stdout)

    def test_link_to_changed_file_and_anchor(self):
        # c.md loses the heading a.md links to: a.md's link is reported with c.md's change
        self.write("kb/c.md", C.replace("C\n", "Renamed\n"))
        p = self.kblint("--changed-since", "HEAD", "--quiet", "kb")
        self.assertEqual(p.stdout, "kb/a.md:8:31: error: no heading or anchor '#c' in c.md "
                                   "[link-missing-anchor]\n")

    def test_rename_counts_as_deletion(self):
        self.git("mv", "kb/b.md", "kb/b2.md")
        p = self.kblint("--changed-since", "HEAD", "--quiet", "kb")
        self.assertEqual(p.stdout, "kb/a.md:8:5: error: link target 'b.md' does not exist "
                                   "[link-missing-file]\n")

    def test_conflict_with_changed_article(self):
        self.write("kb/u.md", HEAD % ("U", "U") + "Refunds are issued within 30 days of the request.\n")
        self.commit("u")
        for name in ("d.md", "e.md"):
            self.write("kb/" + name, HEAD % ("D", "D") + "Refunds are issued within 14 days of the request.\n")
        p = self.kblint("--changed-since", "HEAD", "--format", "json", "kb")
        doc = json.loads(p.stdout)
        found = [(f["file"], f["rule"]) for f in doc["findings"]]
        whole = json.loads(self.kblint("--format", "json", "kb").stdout)["findings"]
        conflicts = [(f["file"], f["rule"]) for f in whole if f["rule"] == "sentence-conflict"]
        self.assertTrue(conflicts)
        # every conflict is reported: u.md's involves the new d.md and e.md
        for c in conflicts:
            self.assertIn(c, found)
        self.assertNotIn(("kb/a.md", "placeholder-todo"), found)

    def test_config_change_reports_everything(self):
        self.write("kb/.kblint.yaml", "today: 2026-11-25\nseverity:\n  plain-words: info\n")
        p = self.kblint("--changed-since", "HEAD", "kb")
        self.assertEqual(p.stdout, self.kblint("kb").stdout)

    def test_reports_list_only_reported_files(self):
        self.write("kb/c.md", C + "\nAsk FIXME.\n")
        p = self.kblint("--changed-since", "HEAD", "--format", "junit", "kb")
        self.assertEqual(p.stdout.count("<testsuite "), 1)
        self.assertIn('name="kb/c.md"', p.stdout)
        doc = json.loads(self.kblint("--changed-since", "HEAD", "--format", "json", "kb").stdout)
        self.assertEqual(doc["files_checked"], 1)

    def test_with_baseline(self):
        self.write("kb/c.md", C + "\nAsk FIXME.\n")
        p = self.kblint("--write-baseline", "../base.json", "kb")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.write("kb/c.md", C + "\nAsk FIXME.\n\nAnd XXX.\n")
        p = self.kblint("--changed-since", "HEAD", "--baseline", "../base.json", "--quiet", "kb")
        self.assertEqual(p.stdout, "kb/c.md:12:5: error: placeholder 'XXX' must not reach "
                                   "customers [placeholder-todo]\n")

    def test_outside_a_work_tree(self):
        outside = os.path.join(self.tmp, "plain")
        os.mkdir(outside)
        with open(os.path.join(outside, "x.md"), "w") as f:
            f.write(A)
        p = self.kblint("--changed-since", "HEAD", "x.md", cwd=outside)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, "kblint: --changed-since needs a git work tree: not a git "
                                   "repository (or any of the parent directories): .git\n")

    def test_no_git(self):
        empty = os.path.join(self.tmp, "empty")
        os.mkdir(empty)
        p = kbtest.run(["check", "--changed-since", "HEAD", "kb"], cwd=self.repo,
                       env=kbtest.only({**self.env, "PATH": empty}))
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (2, "", "kblint: --changed-since needs git: cannot run git: No such file "
                                 "or directory\n"))

    def test_unknown_ref(self):
        p = self.kblint("--changed-since", "no-such-branch", "kb")
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (2, "", "kblint: --changed-since: unknown git ref 'no-such-branch'\n"))
        p = self.kblint("--changed-since", "HEAD~5", "kb")
        self.assertEqual((p.returncode, p.stderr),
                         (2, "kblint: --changed-since: unknown git ref 'HEAD~5'\n"))

    def test_usage_errors(self):
        p = self.kblint("--changed-since", "--oops", "kb")
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith("kblint: --changed-since needs a git ref, not '--oops'\n"
                                            "usage: kblint"), p.stderr)
        p = self.kblint("--changed-since", "HEAD", "--stdin", "--stdin-filename", "kb/a.md")
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith(
            "kblint: --stdin and --changed-since cannot be used together\n"), p.stderr)


class ChangedFiles(unittest.TestCase):
    """`kblint check --changed-files FILE...`, in the same repository: the config in kb/."""
    setUp, tearDown = Changed.setUp, Changed.tearDown
    git, commit, write, kblint = Changed.git, Changed.commit, Changed.write, Changed.kblint

    def test_config_from_here_and_the_knowledge_base_under_it(self):
        self.write("kb/c.md", C.replace("C\n", "Renamed\n"))
        # from kb/: its config, the whole of kb/ read, a.md's link to c.md's lost heading
        # reported, not a.md's own TODO; README.md above the config's folder is ignored
        want = "a.md:8:31: error: no heading or anchor '#c' in c.md [link-missing-anchor]\n"
        p = self.kblint("--changed-files", "--quiet", "c.md", "../README.md",
                        cwd=os.path.join(self.repo, "kb"))
        self.assertEqual((p.returncode, p.stdout, p.stderr), (1, want, ""))
        # from the top, as pre-commit runs it: with --config, the paths are shown from here
        p = self.kblint("--config", "kb/.kblint.yaml", "--changed-files", "--quiet",
                        "README.md", "kb/c.md")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (1, "kb/" + want, ""))
        # from a folder below the config's
        os.mkdir(os.path.join(self.repo, "kb", "sub"))
        p = self.kblint("--changed-files", "--quiet", "../c.md", cwd=os.path.join(self.repo, "kb", "sub"))
        self.assertEqual(p.stdout, "../" + want)
        # with no config found from the top, the defaults and the top folder: README.md counts
        p = self.kblint("--changed-files", "--quiet", "--min-severity", "error", "README.md")
        self.assertEqual(p.stdout, "README.md:1:28: error: placeholder 'TODO' must not reach "
                                   "customers [placeholder-todo]\n")

    def test_deleted_file(self):
        os.remove(os.path.join(self.repo, "kb/b.md"))
        p = self.kblint("--config", "kb/.kblint.yaml", "--changed-files", "kb/b.md")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, "kb/a.md:8:5: error: link target 'b.md' does not exist "
                                   "[link-missing-file]\n\n1 finding in 1 file: 1 error (link 1).\n")

    def test_excluded_and_not_included(self):
        self.write("kb/.kblint.yaml", "today: 2026-11-25\nexclude: [drafts, .github]\n"
                                      "include: ['**/*.md', '**/*.html.md.erb']\n")
        self.write("kb/drafts/d.md", HEAD % ("D", "D") + "TODO\n")
        self.write("kb/node_modules/x.md", HEAD % ("X", "X") + "TODO\n")
        self.write("kb/.hidden/h.md", HEAD % ("H", "H") + "TODO\n")
        self.write("kb/faq.yaml", "- question: Q?\n  answer: TODO\n")
        self.write("kb/page.html.md.erb", HEAD % ("P", "P") + "TODO\n")
        names = ["drafts/d.md", "node_modules/x.md", ".hidden/h.md", "faq.yaml", "notes.txt",
                 "../README.md"]
        kb = os.path.join(self.repo, "kb")
        p = self.kblint("--changed-files", *names, cwd=kb)
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))
        # whatever the format: an empty report
        p = self.kblint("--changed-files", "--format", "json", *names, cwd=kb)
        self.assertEqual(p.returncode, 0)
        self.assertEqual((json.loads(p.stdout)["files_checked"], json.loads(p.stdout)["findings"]),
                         (0, []))
        # no file at all: the same
        self.assertEqual(self.kblint("--changed-files", cwd=kb).stdout, "")
        p = self.kblint("--changed-files", "--quiet", "page.html.md.erb", *names, cwd=kb)
        self.assertEqual((p.returncode, p.stdout), (1, "page.html.md.erb:8:1: error: placeholder "
                                                       "'TODO' must not reach customers "
                                                       "[placeholder-todo]\n"))

    def test_config_named_reports_everything(self):
        p = self.kblint("--changed-files", ".kblint.yaml", cwd=os.path.join(self.repo, "kb"))
        self.assertEqual(p.stdout, self.kblint(cwd=os.path.join(self.repo, "kb")).stdout)
        self.assertEqual(p.returncode, 1)

    def test_usage_errors_with_changed_files(self):
        for args, msg in ((["--changed-since", "HEAD"], "--changed-files and --changed-since"),
                          (["--stdin", "--stdin-filename", "kb/a.md"],
                           "--changed-files and --stdin"),
                          (["--write-baseline", "b.json"], "--write-baseline and --changed-files")):
            p = self.kblint("--changed-files", *args, "kb/a.md")
            self.assertEqual((p.returncode, p.stdout), (2, ""), args)
            self.assertTrue(p.stderr.startswith("kblint: %s cannot be used together\nusage: "
                                                % msg), p.stderr)
        p = kbtest.run(["facts", "--changed-files"], cwd=self.repo, env=kbtest.only(self.env))
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith("kblint: option '--changed-files' does not apply to "
                                            "this command\n"), p.stderr)


class ChangedSite(unittest.TestCase):
    """--changed-since and --changed-files resolve links as the links kind does (resolve.h): a
    link through a pretty URL, a redirect or an alias names the changed file."""
    setUp_plain, tearDown = Changed.setUp, Changed.tearDown
    git, commit, write, kblint = Changed.git, Changed.commit, Changed.write, Changed.kblint

    def setUp(self):
        self.setUp_plain()
        self.write("site/.kblint.yaml", "today: 2026-11-25\nlinks:\n  root: content\n"
                                        "  pretty_urls: true\nredirects:\n  /old/: /guide/\n")
        self.write("site/content/index.md", HEAD % ("Home", "Home") +
                   "Read [the guide](/guide/#setup), [relative](guide/#setup), "
                   "[old](/old/#setup) and [former](/former/#setup).\n\nAlso TODO here.\n")
        self.write("site/content/guide.md", HEAD.replace("---\n#", "aliases: [/former/]\n---\n#")
                   % ("Guide", "Guide") + "## Setup\n\nText.\n")
        self.commit("site")

    def lost_heading(self):
        return "".join("content/index.md:8:%d: %s\n" % (col, msg) for col, msg in (
            (6, "error: no heading or anchor '#setup' in /guide/ [link-missing-anchor]"),
            (34, "error: no heading or anchor '#setup' in guide/ [link-missing-anchor]"),
            (60, "info: links to '/old/', which redirects to '/guide/' [link-redirected]"),
            (60, "error: no heading or anchor '#setup' in /old/ [link-missing-anchor]"),
            (83, "info: links to '/former/', which redirects to '/guide/' [link-redirected]"),
            (83, "error: no heading or anchor '#setup' in /former/ [link-missing-anchor]")))

    def test_whole_run_resolves_every_form(self):
        p = self.kblint("--quiet", "--min-severity", "info", ".", cwd=os.path.join(self.repo, "site"))
        self.assertEqual(p.stdout,
                         "content/index.md:8:60: info: links to '/old/', which redirects to "
                         "'/guide/' [link-redirected]\n"
                         "content/index.md:8:83: info: links to '/former/', which redirects to "
                         "'/guide/' [link-redirected]\n"
                         "content/index.md:10:6: error: placeholder 'TODO' must not reach "
                         "customers [placeholder-todo]\n", p.stderr)

    def test_changed_target_through_pretty_url_redirect_and_alias(self):
        self.write("site/content/guide.md", HEAD.replace("---\n#", "aliases: [/former/]\n---\n#")
                   % ("Guide", "Guide") + "## Install\n\nText.\n")
        p = self.kblint("--changed-since", "HEAD", "--quiet", ".", cwd=os.path.join(self.repo, "site"))
        lines = sorted(p.stdout.splitlines())
        self.assertEqual(lines, sorted(self.lost_heading().splitlines()), p.stderr)
        # the pre-commit hook names the file: the same findings
        p = self.kblint("--changed-files", "--quiet", "content/guide.md",
                        cwd=os.path.join(self.repo, "site"))
        self.assertEqual(sorted(p.stdout.splitlines()), lines, p.stderr)
        # an unrelated change reports none of them
        self.git("checkout", "--", "site/content/guide.md")
        self.write("site/content/other.md", HEAD % ("O", "O") + "Other.\n")
        p = self.kblint("--changed-since", "HEAD", "--quiet", ".", cwd=os.path.join(self.repo, "site"))
        self.assertEqual(p.stdout, "")

    def test_changed_included_file(self):
        # other.md's anchors come from the file it includes: a change there is a change to
        # the anchors index2.md links to
        self.write("site/content/_common/part.md", HEAD % ("Part", "Part") + "## Part heading\n")
        self.write("site/content/other.md", HEAD % ("O", "O") +
                   "{{% include \"/_common/part.md\" %}}\n")
        self.write("site/content/index2.md", HEAD % ("I", "I") +
                   "See [the part](/other/#part-heading).\n")
        self.commit("include")
        self.write("site/content/_common/part.md", HEAD % ("Part", "Part") + "## Renamed\n")
        p = self.kblint("--changed-since", "HEAD", "--quiet", ".", cwd=os.path.join(self.repo, "site"))
        self.assertEqual(p.stdout, "content/index2.md:8:5: error: no heading or anchor "
                                   "'#part-heading' in /other/ [link-missing-anchor]\n", p.stderr)

    def test_deleted_target_through_pretty_url_and_redirect(self):
        os.remove(os.path.join(self.repo, "site/content/guide.md"))
        p = self.kblint("--changed-since", "HEAD", "--quiet", ".", cwd=os.path.join(self.repo, "site"))
        self.assertEqual(p.stdout,
                         "content/index.md:8:6: error: link target '/guide/#setup' does not exist "
                         "[link-missing-file]\n"
                         "content/index.md:8:34: error: link target 'guide/#setup' does not exist "
                         "[link-missing-file]\n"
                         "content/index.md:8:60: error: link target '/old/#setup' does not exist "
                         "[link-missing-file]\n", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
