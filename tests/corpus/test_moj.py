#!/usr/bin/python3
"""Real-corpus test: the Ministry of Justice Cloud Platform user guide (../shared/corpora).

For a fixed --today, kblint must report as stale (review-overdue) exactly the pages whose
last_reviewed_on + review_in is before that day, computed here independently of kblint, and
nothing else may go wrong: no page fails to load. With the site's link layout configured
(site-absolute links from source/, ".html" for ".html.md.erb"), the only link errors are the
images the tarball leaves out, and the dated comment the prose probes found is reported.
Skips when ../shared is absent."""
import calendar
import datetime
import json
import os
import re
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def due_date(text):
    """The page's due date from its front matter, or None when it has no review date."""
    fm = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not fm:
        return None
    fields = dict(re.findall(r"^([A-Za-z_]+):[ \t]*(.*?)[ \t]*$", fm.group(1), re.M))
    if "last_reviewed_on" not in fields:
        return None
    reviewed = datetime.date.fromisoformat(fields["last_reviewed_on"])
    m = re.fullmatch(r"(\d+)\s+months?", fields.get("review_in", "6 months"))
    return add_months(reviewed, int(m.group(1)))


def main():
    tarball = kbtest.shared("corpora", "moj-cloud-platform-user-guide.tar.gz")
    today = datetime.date(2026, 6, 15)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp)
        guide = os.path.join(tmp, "moj-cloud-platform-user-guide")
        with open(os.path.join(guide, ".kblint.yaml"), "w") as f:
            f.write("include: ['source/**/*.html.md.erb']\n"
                    "links:\n  root: source\n  extensions: {.html: [.html.md.erb]}\n")
        expected, dated, pages = set(), 0, 0
        for dirpath, _, files in os.walk(os.path.join(guide, "source")):
            for name in files:
                if not name.endswith(".html.md.erb"):
                    continue
                pages += 1
                path = os.path.join(dirpath, name)
                due = due_date(open(path, encoding="utf-8").read())
                dated += due is not None
                if due is not None and due < today:
                    expected.add(os.path.relpath(path, guide))
        p = kbtest.run(["check", "--today", today.isoformat(), "--format", "json", "source"],
                       cwd=guide, timeout=120)
        if p.returncode not in (0, 1) or p.stderr:
            print("kblint failed: exit %d\n%s" % (p.returncode, p.stderr))
            return 1
        doc = json.loads(p.stdout)
        got = {f["file"] for f in doc["findings"] if f["rule"] == "review-overdue"}
        print("%d pages, %d with a review date, %d overdue on %s" % (pages, dated, len(expected), today))
        ok = True
        if doc["files_checked"] != pages:
            print("files_checked is %d, expected %d" % (doc["files_checked"], pages))
            ok = False
        if doc["errors"]:
            print("pages that failed to load: %s" % doc["errors"])
            ok = False
        if not expected or len(expected) == dated:
            print("the chosen day should split the pages into overdue and not overdue")
            ok = False
        if got != expected:
            print("reported but not overdue: %s" % sorted(got - expected))
            print("overdue but not reported: %s" % sorted(expected - got))
            ok = False
        missing = {f["file"] for f in doc["findings"] if f["rule"] == "reviewed-missing"}
        if len(missing) != pages - dated:
            print("reviewed-missing on %d pages, expected %d" % (len(missing), pages - dated))
            ok = False
        link_errors = [f for f in doc["findings"] if f["category"] == "link" and f["severity"] == "error"]
        not_images = [f for f in link_errors
                      if f["rule"] != "link-missing-file" or not re.match(r"link target '[^']*images/[^']+\.(png|svg|jpg|gif)' does not exist$", f["message"])]
        if not_images:
            print("link errors that are not missing images: %s" % not_images)
            ok = False
        present = {n for _, _, fs in os.walk(guide) for n in fs}
        for f in link_errors:
            m = re.match(r"link target '[^']*/([^'/]+)'", f["message"])
            if m and m.group(1) in present:
                print("reported missing, but the image is there: %s" % f)
                ok = False
        print("%d link errors, all images missing from the tarball" % len(link_errors))
        dated = [f for f in doc["findings"] if f["rule"] == "as-of-outdated"
                 and f["file"] == "source/documentation/deploying-an-app/redis/create.html.md.erb"
                 and f["line"] == 43 and f["column"] == 24]
        if len(dated) != 1:
            print("'Below was last updated 2023-12-27.' (redis/create, line 43) was not reported")
            ok = False
        return 0 if ok else 1


if __name__ == "__main__":
    kbtest.main(main)
