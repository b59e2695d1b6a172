#!/usr/bin/python3
"""Real-corpus test of issue 14's freshness target: with no config, on the OfficeDocs-Support
repository (docfx), Hugo's own docs (Hugo, TOML and YAML front matter) and the PowerShell docs
(no generator: no docfx.json in the tarball), the freshness rule ids kblint reports for each file
it checks equal what this test computes from the file's front matter on its own, and no valid
date is date-invalid. For the PowerShell docs the set of checked files is asserted as well: every
Markdown file not hidden, not in node_modules and not a community file the defaults exclude,
plus YAML files that hold articles. (The page sets of the docfx and Hugo corpora are tested by
tests/sites; techdocs-moj-cloud-platform by tests/corpus/test_techdocs.py.)

The rules (docs/configuration.md and rules/freshness.yaml): the reviewed date is the first
present of last_reviewed_on, last_reviewed, last_verified, reviewed_on, reviewed, ms.date (a
present but empty one is reviewed-missing); dates are ISO 8601 (YAML timestamps too), M/D/YYYY,
D Month YYYY and Month D, YYYY (English month names, full or three letters, Sept); the interval
is the first present of review_in, verify_every, review_interval, else 6 months, months added
with the day clamped to the month's end; overdue when due < today, due soon when today <= due <=
today + 14 days; expired when the first present of expires, expires_on, review_by, valid_until
is before today; reviewed-in-future when reviewed > today. Articles whose status is archived,
deprecated, obsolete, retired or withdrawn, and fragments (ms.topic: include; under includes/ in
a docfx site) get no freshness findings. docfx's globalMetadata and fileMetadata supply fields
an article lacks. A file whose front matter is not YAML is a load error and gets no findings.

The checked files are read from --format junit (a testsuite per checked or unloadable file;
Checkstyle lists only files with findings). The corpora's dates are nearly all MM/DD/YYYY ms.date,
so SAMPLES holds the other forms, intervals, expiry and statuses, and kblint must agree with the
test on them too. Prints one line per corpus. Skips (77) when ../shared/corpora is absent."""
import calendar
import collections
import datetime
import json
import os
import re
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sites"))
import docfx_glob  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

CORPORA = os.path.join(ROOT, "..", "shared", "corpora")
TODAY = datetime.date(2026, 6, 15)

FRESHNESS = ["review-overdue", "review-due-soon", "reviewed-missing", "expired", "date-invalid",
             "reviewed-in-future", "interval-invalid"]
REVIEWED = ["last_reviewed_on", "last_reviewed", "last_verified", "reviewed_on", "reviewed",
            "ms.date"]
INTERVAL = ["review_in", "verify_every", "review_interval"]
EXPIRES = ["expires", "expires_on", "review_by", "valid_until"]
RETIRED = {"archived", "deprecated", "obsolete", "retired", "withdrawn"}
FIELDS = REVIEWED + INTERVAL + EXPIRES + ["status", "ms.topic"]
COMMUNITY = re.compile(r"(^|/)(CODE_OF_CONDUCT\.md|CONTRIBUTING\.md|SECURITY\.md|SUPPORT\.md|"
                       r"LICENSE[^/]*\.md|ThirdPartyNotices\.md|PULL_REQUEST_TEMPLATE\.md)$"
                       r"|(^|/)ISSUE_TEMPLATE/")


class Loader(yaml.SafeLoader):
    """safe_load, keeping scalars as the text they are (a date stays '2026-02-30', a number
    '90'): kblint reads a value's text."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _tag in ("int", "float", "bool"):
    Loader.add_constructor("tag:yaml.org,2002:" + _tag, lambda loader, node: node.value)


def load_yaml(text):
    try:
        return yaml.load(text, Loader=Loader)
    except yaml.YAMLError:
        return None


# --- dates and intervals ---------------------------------------------------------------------

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]


def month_of(word):
    w = word.lower().rstrip(".")
    for i, name in enumerate(MONTHS):
        if w == name or (len(w) == 3 and name.startswith(w)) or (i == 8 and w == "sept"):
            if word.endswith(".") and w == name:
                return None  # "May." is no abbreviation
            return i + 1
    return None


def ymd(y, m, d):
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})"
                 r"(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?[ \t]*"
                 r"(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?)?)?")
SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DAY_MONTH = re.compile(r"(\d{1,2}) +([A-Za-z]+\.?) +(\d{4})")
MONTH_DAY = re.compile(r"([A-Za-z]+\.?) +(\d{1,2}), +(\d{4})")


def parse_date(s):
    """The date s stands for in one of the accepted forms, else None."""
    m = ISO.fullmatch(s)
    if m:
        return ymd(*m.groups()[:3])
    m = SLASHED.fullmatch(s)
    if m:
        return ymd(m.group(3), m.group(1), m.group(2))
    m = DAY_MONTH.fullmatch(s)
    if m and month_of(m.group(2)):
        return ymd(m.group(3), month_of(m.group(2)), m.group(1))
    m = MONTH_DAY.fullmatch(s)
    if m and month_of(m.group(1)):
        return ymd(m.group(3), month_of(m.group(1)), m.group(2))
    return None


INTERVAL_RX = re.compile(r"(\d+) *(days?|d|weeks?|w|months?|mo|m|years?|y)", re.I)


def parse_interval(s):
    m = INTERVAL_RX.fullmatch(s.strip())
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2).lower()
    if unit.startswith("d"):
        return ("days", n)
    if unit.startswith("w"):
        return ("days", 7 * n)
    if unit.startswith("y"):
        return ("months", 12 * n)
    return ("months", n)


def add(date, interval):
    kind, n = interval
    if kind == "days":
        return date + datetime.timedelta(days=n)
    months = date.year * 12 + date.month - 1 + n
    y, m = divmod(months, 12)
    m += 1
    return datetime.date(y, m, min(date.day, calendar.monthrange(y, m)[1]))


# --- what the test expects of one article's metadata ------------------------------------------

def first_present(meta, names):
    for n in names:
        if n in meta:
            return n, meta[n]
    return None, None


def scalar_text(v):
    return v if isinstance(v, str) else None


def empty(v):
    return v is None or v == ""


def status_text(v):
    if isinstance(v, list):
        return ", ".join(x for x in v if isinstance(x, str) and x)
    return v if isinstance(v, str) else ""


def expected(meta, docfx_fragment):
    """The freshness rule ids one article's metadata (a dict) gives, and whether its dates are
    valid (False when a present date does not parse)."""
    out = set()
    valid = True
    if status_text(meta.get("status")).lower() in RETIRED:
        return out, valid
    if meta.get("ms.topic") == "include" or docfx_fragment:
        return out, valid
    key, rv = first_present(meta, REVIEWED)
    reviewed = None
    if key is None or empty(rv):
        out.add("reviewed-missing")
    else:
        reviewed = parse_date(rv) if isinstance(rv, str) else None
        if reviewed is None:
            out.add("date-invalid")
            valid = False
    ikey, iv = first_present(meta, INTERVAL)
    interval = ("months", 6)
    if ikey is not None and not empty(iv):
        interval = parse_interval(iv) if isinstance(iv, str) else None
        if interval is None:
            out.add("interval-invalid")
    ekey, ev = first_present(meta, EXPIRES)
    if ekey is not None and not empty(ev):
        expires = parse_date(ev) if isinstance(ev, str) else None
        if expires is None:
            out.add("date-invalid")
            valid = False
        elif expires < TODAY:
            out.add("expired")
    if reviewed is not None:
        if reviewed > TODAY:
            out.add("reviewed-in-future")
        if interval is not None:
            due = add(reviewed, interval)
            if due < TODAY:
                out.add("review-overdue")
            elif due <= TODAY + datetime.timedelta(days=14):
                out.add("review-due-soon")
    return out, valid


# --- front matter --------------------------------------------------------------------------

TOML_KEY = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$')


def toml_value(v):
    v = re.sub(r"\s+#.*$", "", v) if not v.startswith(("'", '"')) else v
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1]
    if v.startswith(("[", "{")):
        return []  # arrays and inline tables: not a single value
    return v


def toml_front_matter(lines):
    """Top-level key = value pairs of TOML front matter (tables are nested: not roles)."""
    meta = {}
    for line in lines:
        s = line.strip()
        if s.startswith("["):
            break
        if not s or s.startswith("#"):
            continue
        m = TOML_KEY.match(line)
        if m:
            k = m.group(1).strip('"')
            meta.setdefault(k, toml_value(m.group(2)))
    return meta


def front_matter(text):
    """The metadata of a Markdown file: YAML between '---' lines, TOML between '+++' lines;
    None when the YAML does not parse."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    fence = lines[0].rstrip("\r").rstrip()
    if fence not in ("---", "+++"):
        return {}
    for i in range(1, len(lines)):
        end = lines[i].rstrip("\r").rstrip()
        if end == fence or (fence == "---" and end == "..."):
            body = lines[1:i]
            if fence == "+++":
                return toml_front_matter(body)
            try:
                meta = yaml.load("\n".join(body), Loader=Loader)
            except yaml.YAMLError:
                return None  # unreadable: kblint reports a load error, no findings
            return meta if isinstance(meta, dict) else {}
    return {}


def yaml_articles(path, text):
    """The metadata of each article a YAML file holds: a FAQ's metadata mapping, a mapping, or
    each mapping of a list; none for TOCs and other YamlMime pages."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    if os.path.basename(path).lower() in ("toc.yml", "toc.yaml"):
        return []
    doc = load_yaml(text)
    if first.lower().startswith("### yamlmime:"):
        if first[len("### yamlmime:"):].strip().lower() != "faq" or not isinstance(doc, dict):
            return []
        meta = doc.get("metadata")
        return [meta if isinstance(meta, dict) else {}]
    if isinstance(doc, dict):
        return [doc]
    if isinstance(doc, list):
        return [d for d in doc if isinstance(d, dict)]
    return []


# --- docfx metadata defaults --------------------------------------------------------------

def docfx_defaults(repo):
    """[(docset folder, content src folders, globalMetadata, [(field, glob, value)])] for the
    freshness fields (and status, ms.topic) docfx.json files give."""
    out = []
    for ds in docfx_glob.docsets(repo):
        build = json.load(open(os.path.join(ds, "docfx.json"))).get("build", {})
        content = build.get("content", [])
        content = content if isinstance(content, list) else [content]
        srcs = [os.path.normpath(os.path.join(ds, (m.get("src") or m.get("cwd") or "")
                                              if isinstance(m, dict) else ""))
                for m in content]
        glob = {k: v for k, v in (build.get("globalMetadata") or {}).items() if k in FIELDS}
        files = [(k, docfx_glob.Glob(g), v)
                 for k, pats in (build.get("fileMetadata") or {}).items() if k in FIELDS
                 for g, v in (pats or {}).items()]
        out.append((ds, srcs, glob, files))
    return out


def with_defaults(meta, path, defaults):
    for ds, srcs, glob, files in defaults:
        if not path.startswith(ds + os.sep):
            continue
        meta = dict(meta)
        rels = [os.path.relpath(path, s).replace(os.sep, "/") for s in srcs
                if path.startswith(s + os.sep)]
        for k, g, v in files:  # fileMetadata, then globalMetadata, for a field the file lacks
            if k not in meta and any(g.match(r) for r in rels):
                meta[k] = v if not isinstance(v, (int, float, bool)) else str(v)
        for k, v in glob.items():
            meta.setdefault(k, v if not isinstance(v, (int, float, bool)) else str(v))
    return meta


# --- running kblint --------------------------------------------------------------------------

def kblint(args, cwd):
    p = kbtest.run(["check", "--today", TODAY.isoformat()] + args + ["."], cwd=cwd, timeout=500)
    if p.returncode not in (0, 1) or p.stderr:
        raise SystemExit("kblint failed in %s: exit %d\n%s" % (cwd, p.returncode, p.stderr))
    return p.stdout


def powershell_pages(repo):
    """The files kblint must check in the PowerShell docs with no config: Markdown not hidden,
    not in node_modules, not a community file; YAML files that hold articles."""
    want = set()
    for dirpath, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        for f in files:
            if f.startswith("."):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), repo).replace(os.sep, "/")
            if COMMUNITY.search(rel):
                continue
            if f.endswith((".md", ".markdown")):
                want.add(rel)
            elif f.endswith((".yml", ".yaml")):
                with open(os.path.join(dirpath, f), encoding="utf-8", errors="replace") as fh:
                    if yaml_articles(rel, fh.read()):
                        want.add(rel)
    return want


def check_corpus(name, folder, tmp):
    tarball = os.path.join(CORPORA, name + ".tar.gz")
    with tarfile.open(tarball) as t:
        t.extractall(tmp)
    repo = os.path.join(tmp, folder)
    os.makedirs(os.path.join(repo, ".git"), exist_ok=True)  # a clone's top: detection stops
    doc = json.loads(kblint(["--format", "json"], repo))
    generator = (doc.get("site") or {}).get("generator")
    # JUnit has a testsuite for every file checked, and for files that could not be loaded
    # (Checkstyle lists only files with findings)
    junit = ET.fromstring(kblint(["--format", "junit"], repo))
    files = {s.get("name") for s in junit.iter("testsuite") if s.get("name") != "kblint"}
    load_errors = {e["file"] for e in doc["errors"]}
    ok = True
    if any(c.get("classname") == "kblint" for c in junit.iter("testcase")):
        print("%s: the run failed: %s" % (name, [c.find("error").get("message")
                                                for c in junit.iter("testcase")
                                                if c.get("classname") == "kblint"]))
        ok = False
    if len(files) != doc["files_checked"] + len(load_errors - {None}):
        print("%s: JUnit lists %d files, JSON says %d checked and %d not loaded"
              % (name, len(files), doc["files_checked"], len(load_errors)))
        ok = False
    if name == "powershell-docs":
        if generator:
            print("%s: a generator was detected (%s), none expected" % (name, generator))
            ok = False
        want = powershell_pages(repo)
        if files != want:
            ok = False
            print("%s: kblint checks %d files, the test expects %d" % (name, len(files), len(want)))
            for f in sorted(files - want)[:10]:
                print("  checked, not expected: %s" % f)
            for f in sorted(want - files)[:10]:
                print("  expected, not checked: %s" % f)
    got = collections.defaultdict(set)
    for f in doc["findings"]:
        if f["rule"] in FRESHNESS:
            got[f["file"]].add(f["rule"])
    defaults = docfx_defaults(repo) if generator == "docfx" else []
    want = {}
    invalid_ok = 0  # date-invalid findings on dates the test reads
    mismatches = []
    unreadable = set()  # Markdown whose front matter is not YAML: a load error, no findings
    for rel in sorted(files):
        path = os.path.join(repo, rel)
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        if rel.endswith((".yml", ".yaml")):
            metas = yaml_articles(rel, text)
        else:
            fm = front_matter(text)
            metas = [fm] if fm is not None else []
            if fm is None:
                unreadable.add(rel)
        fragment = generator == "docfx" and "includes" in rel.split("/")[:-1]
        rules, valid = set(), True
        for meta in metas:
            r, v = expected(with_defaults(meta, path, defaults), fragment)
            rules |= r
            valid &= v
        want[rel] = rules
        if valid and "date-invalid" in got.get(rel, ()):
            invalid_ok += 1
        if got.get(rel, set()) != rules:
            mismatches.append((rel, got.get(rel, set()), rules))
    if unreadable - load_errors:
        ok = False
        print("%s: front matter that does not parse, and no load error: %s"
              % (name, sorted(unreadable - load_errors)[:5]))
    outside = sorted(set(got) - files)
    counts = collections.Counter(r for s in got.values() for r in s)
    print("%s (%s): %d files checked, %d load errors; %s" % (name, generator or "no generator",
          len(files), len(load_errors),
          ", ".join("%s %d" % (r, counts[r]) for r in FRESHNESS)))
    if outside:
        ok = False
        print("%s: freshness findings on %d files not in the checked list, e.g. %s"
              % (name, len(outside), outside[0]))
    if invalid_ok:
        ok = False
        print("%s: %d files have date-invalid on dates the test reads as valid" % (name, invalid_ok))
    if mismatches:
        ok = False
        print("%s: %d files where kblint's freshness findings differ from the test's" %
              (name, len(mismatches)))
        for rel, g, w in mismatches[:15]:
            print("  %s: kblint %s, expected %s" % (rel, sorted(g), sorted(w)))
    return ok


CORPUS = [("officedocs-support", "officedocs-support"), ("hugo-docs", "hugo-docs"),
          ("powershell-docs", "powershell-docs")]


def self_check():
    """The test's own reading of dates and intervals, on the forms docs/reading.md documents."""
    d = datetime.date
    for text, want in [("2026-03-14", d(2026, 3, 14)), ("2026-03-14T10:00:00Z", d(2026, 3, 14)),
                       ("2026-03-14 10:00:00 +01:00", d(2026, 3, 14)), ("03/14/2026", d(2026, 3, 14)),
                       ("3/4/2026", d(2026, 3, 4)), ("14 March 2026", d(2026, 3, 14)),
                       ("14 Sept 2026", d(2026, 9, 14)), ("Mar. 4, 2026", d(2026, 3, 4)),
                       ("March 14, 2026", d(2026, 3, 14)), ("2026-02-30", None),
                       ("14.03.2026", None), ("14/03/2026", None), ("2026-3-14", None)]:
        assert parse_date(text) == want, (text, parse_date(text), want)
    assert add(d(2025, 8, 31), parse_interval("6 months")) == d(2026, 2, 28)
    assert add(d(2026, 1, 1), parse_interval("90d")) == d(2026, 4, 1)
    assert add(d(2024, 2, 29), parse_interval("1 year")) == d(2025, 2, 28)
    assert parse_interval("6 mnths") is None
    assert expected({"ms.date": "06/29/2026", "review_in": "0 days"}, False)[0] == \
        {"reviewed-in-future", "review-due-soon"}
    assert expected({"ms.date": "12/29/2025"}, False)[0] == {"review-due-soon"}
    assert expected({"ms.date": "12/14/2025"}, False)[0] == {"review-overdue"}
    assert expected({"last_reviewed": None, "ms.date": "01/01/2026"}, False)[0] == {"reviewed-missing"}
    assert expected({"ms.date": "2026-02-30", "status": "Retired"}, False)[0] == set()
    assert expected({"ms.date": "2026-02-30", "ms.topic": "include"}, False)[0] == set()
    assert expected({"ms.date": "2026-07-01", "expires": "2026-06-14"}, False)[0] == \
        {"reviewed-in-future", "expired"}


# Front matter the corpora do not hold (their dates are nearly all MM/DD/YYYY ms.date): kblint
# and the test must agree on these too.
SAMPLES = [
    "last_reviewed_on: 2026-03-14", "last_reviewed_on: 2026-02-30", "reviewed: 14 March 2025",
    "last_verified: 'March 1, 2026'\nverify_every: 2 weeks", "ms.date: 3/4/2026\nreview_in: 90d",
    "ms.date: 12/29/2025", "ms.date: 12/30/2025", "ms.date: 14.03.2026", "ms.date: 2026-07-01",
    "last_reviewed:\nms.date: 01/01/2026", "reviewed_on: 2025-08-31\nreview_interval: 10 months",
    "ms.date: 2026-01-01\nexpires: 2026-06-14", "ms.date: 2026-01-01\nvalid_until: 2026-06-15",
    "ms.date: 2026-01-01\nreview_by: 31/12/2026", "ms.date: 2020-01-01\nstatus: Withdrawn",
    "ms.date: 2020-01-01\nstatus: [archived]", "ms.date: 2020-01-01\nms.topic: include",
    "ms.date: 2026-01-01\nreview_in: 6 mnths", "title: none", "ms.date: [2026-01-01]",
    "ms.date: 2025-12-01T09:30:00Z", "ms.date: Sept 9, 2025",
]
TOML_SAMPLES = ["last_reviewed_on = 2026-03-14", "ms.date = \"12/01/2025\"\n[params]\nreviewed = 1"]


def sample_check():
    """kblint's freshness findings on SAMPLES equal the test's."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, ".git"))
        fm = [("---\n%s\n---\n" % s) for s in SAMPLES] + [("+++\n%s\n+++\n" % s) for s in TOML_SAMPLES]
        for i, text in enumerate(fm):
            with open(os.path.join(tmp, "s%02d.md" % i), "w") as fh:
                fh.write(text + "# Sample\n\nText.\n")
        got = collections.defaultdict(set)
        for f in json.loads(kblint(["--format", "json"], tmp))["findings"]:
            if f["rule"] in FRESHNESS:
                got[f["file"]].add(f["rule"])
        for i, text in enumerate(fm):
            want = expected(front_matter(text), False)[0]
            if got["s%02d.md" % i] != want:
                ok = False
                print("sample %r: kblint %s, expected %s" % (text, sorted(got["s%02d.md" % i]),
                                                             sorted(want)))
    print("samples: %d front matters, kblint and the test agree: %s" % (len(fm), ok))
    return ok


def main():
    self_check()
    if not sample_check():
        return 1
    kbtest.shared("corpora")
    ok = True
    for name, folder in CORPUS:
        if not os.path.exists(os.path.join(CORPORA, name + ".tar.gz")):
            print("SKIP %s: not in %s" % (name, CORPORA))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            ok &= check_corpus(name, folder, tmp)
    return 0 if ok else 1


if __name__ == "__main__":
    kbtest.main(main)
