#!/usr/bin/python3
"""Real-corpus test: the Ministry of Justice Cloud Platform user guide as a whole GOV.UK tech-docs
site (../shared/corpora/techdocs-moj-cloud-platform.tar.gz: config/tech-docs.yml and source/).

With no .kblint.yaml, kblint must detect the site and check every page under source/ (the files
ending .html.md.erb, .html.md or .html.markerb, partials named _* left out) and nothing else; the
pages it reports as review-overdue and review-due-soon must be exactly those whose
last_reviewed_on + review_in falls before today (or within freshness.due_soon of it), computed
here independently of kblint; every finding's owner is the page's owner_slack, else the site's
default_owner_slack; the summary names the generator. Skips when ../shared is absent."""
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

PAGE_ENDS = (".html.md.erb", ".html.md", ".html.markerb")
DUE_SOON_DAYS = 14  # freshness.due_soon's default


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def front_matter(text):
    fm = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not fm:
        return {}
    return {k: v.strip().strip("\"'") for k, v in
            re.findall(r"^([A-Za-z_]+):[ \t]*(.*?)[ \t]*$", fm.group(1), re.M)}


def due_date(fields):
    """last_reviewed_on + review_in (6 months when absent), or None without a review date."""
    if "last_reviewed_on" not in fields:
        return None
    reviewed = datetime.date.fromisoformat(fields["last_reviewed_on"])
    n, unit = re.fullmatch(r"(\d+)\s*(day|week|month|year)s?", fields.get("review_in", "6 months")).groups()
    n = int(n)
    if unit == "day":
        return reviewed + datetime.timedelta(days=n)
    if unit == "week":
        return reviewed + datetime.timedelta(weeks=n)
    return add_months(reviewed, n * (12 if unit == "year" else 1))


def main():
    tarball = kbtest.shared("corpora", "techdocs-moj-cloud-platform.tar.gz")
    today = datetime.date(2026, 6, 15)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp)
        site = os.path.join(tmp, "techdocs-moj-cloud-platform")
        with open(os.path.join(site, "config", "tech-docs.yml")) as f:
            default_owner = re.search(r'^default_owner_slack:\s*"([^"]*)"', f.read(), re.M).group(1)
        pages, overdue, soon, owner = set(), set(), set(), {}
        for dirpath, _, files in os.walk(os.path.join(site, "source")):
            for name in files:
                if not name.endswith(PAGE_ENDS) or name.startswith("_"):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, site)
                pages.add(rel)
                fields = front_matter(open(path, encoding="utf-8").read())
                owner[rel] = fields.get("owner_slack", default_owner)
                due = due_date(fields)
                if due is not None and due < today:
                    overdue.add(rel)
                elif due is not None and due <= today + datetime.timedelta(days=DUE_SOON_DAYS):
                    soon.add(rel)
        p = kbtest.run(["check", "--today", today.isoformat(), "--format", "json"], cwd=site,
                       timeout=120)
        if p.returncode not in (0, 1) or p.stderr:
            print("kblint failed: exit %d\n%s" % (p.returncode, p.stderr))
            return 1
        doc = json.loads(p.stdout)
        ok = True
        print("%d pages, %d overdue and %d due soon on %s" % (len(pages), len(overdue), len(soon), today))
        if doc["files_checked"] != len(pages):
            print("files_checked is %d, expected %d" % (doc["files_checked"], len(pages)))
            ok = False
        if doc["errors"]:
            print("pages that failed to load: %s" % doc["errors"])
            ok = False
        outside = {f["file"] for f in doc["findings"]} - pages
        if outside:
            print("findings in files that are not pages: %s" % sorted(outside))
            ok = False
        for rule, want in (("review-overdue", overdue), ("review-due-soon", soon)):
            got = {f["file"] for f in doc["findings"] if f["rule"] == rule}
            if got != want:
                print("%s reported but not computed: %s" % (rule, sorted(got - want)))
                print("%s computed but not reported: %s" % (rule, sorted(want - got)))
                ok = False
        if not overdue or len(overdue) == len(pages):
            print("the chosen day should split the pages into overdue and not overdue")
            ok = False
        wrong = [f for f in doc["findings"] if f.get("owner") != owner.get(f["file"])]
        if wrong:
            print("%d findings with another owner, e.g. %s" % (len(wrong), wrong[0]))
            ok = False
        if doc.get("site") != {"generator": "techdocs", "config": "config/tech-docs.yml"}:
            print("json 'site' is %r" % doc.get("site"))
            ok = False
        t = kbtest.run(["check", "--today", today.isoformat(), "--no-color"], cwd=site,
                       timeout=120)
        if "\nSite: GOV.UK tech-docs (config/tech-docs.yml)\n" not in t.stdout:
            print("the summary does not name the site")
            ok = False
        return 0 if ok else 1


if __name__ == "__main__":
    kbtest.main(main)
