#!/usr/bin/python3
"""Real-corpus test: Hugo's own documentation (hugo-docs in ../shared/corpora), with no config.

The files kblint checks must be exactly the pages Hugo publishes, computed here independently
of kblint from Hugo's documented rules (content-management/build-options.md, front-matter.md,
page-bundles.md in the corpus itself):
- the content folders are the module mounts whose target is 'content' (hugo-docs mounts
  content/en), else contentDir and each language's contentDir;
- pages are the .md and .markdown files there; in a leaf bundle (a folder with index.md) the
  other files are resources, not pages; a leaf bundle with 'headless: true' is not published;
- 'draft: true' is not published (buildDrafts is off), nor a page whose publish date is after
  today or whose expiry date is before today (buildFuture, buildExpired are off), the dates
  taken from the fields hugo.toml's [frontmatter] names (hugo-docs: publishdate or date,
  expirydate; keys in any case);
- build.render (or _build.render) 'never' or 'link' is not rendered; a page without its own
  takes it from the nearest cascade: its section's _index.md (which it applies to itself too),
  then the sections above. Cascades with a target are not applied (neither here nor in kblint).
Every checked page of hugo-docs lacks a review date, so the pages kblint checked are the ones
with a reviewed-missing finding; their number must equal files_checked.
Skips when ../shared is absent."""
import datetime
import json
import os
import sys
import tarfile
import tempfile
import tomllib

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)


def front_matter(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for fence, load in (("---", yaml.safe_load), ("+++", tomllib.loads)):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence + "\n", len(fence))
            if end < 0:
                return {}
            try:
                return load(text[len(fence) + 1:end + 1]) or {}
            except Exception:
                return {}
    return {}


def render_of(d):
    b = d.get("build", d.get("_build")) if isinstance(d, dict) else None
    if isinstance(b, dict) and "render" in b:
        r = b["render"]
        return "never" if r in ("never", "link", False) else "always"
    return None


def cascade_render(fm):
    c = fm.get("cascade")
    items = c if isinstance(c, list) else [c] if isinstance(c, dict) else []
    found = None
    for item in items:
        if isinstance(item, dict) and ("target" in item or "_target" in item):
            continue
        r = render_of(item)
        if r:
            found = r
    return found


def first_date(fm, fields):
    low = {str(k).lower(): v for k, v in fm.items()}
    for f in fields:
        v = low.get(f)
        if isinstance(v, datetime.datetime):
            return v.date()
        if isinstance(v, datetime.date):
            return v
        if isinstance(v, str):
            try:
                return datetime.date.fromisoformat(v[:10])
            except ValueError:
                pass
    return None


def published_pages(site):
    with open(os.path.join(site, "hugo.toml"), "rb") as f:
        conf = tomllib.load(f)
    fmconf = {k.lower(): v for k, v in conf.get("frontmatter", {}).items()}
    pub_fields = [f.lower() for f in fmconf.get("publishdate", []) if not f.startswith(":")]
    exp_fields = [f.lower() for f in fmconf.get("expirydate", []) if not f.startswith(":")]
    today = datetime.datetime.now(datetime.timezone.utc).date()
    mounts = [m["source"] for m in conf.get("module", {}).get("mounts", [])
              if m.get("target") == "content"]
    dirs = mounts or [conf.get("contentDir", "content")]
    pages = set()
    for cdir in dirs:
        base = os.path.join(site, cdir)
        fms, leaves, cascades = {}, {}, {}
        for dirpath, dirnames, files in os.walk(base):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            rel_dir = os.path.relpath(dirpath, base)
            rel_dir = "" if rel_dir == "." else rel_dir
            for name in files:
                if name.startswith(".") or not name.endswith((".md", ".markdown")):
                    continue
                rel = os.path.join(rel_dir, name)
                fm = front_matter(os.path.join(dirpath, name))
                fms[rel] = fm
                if name.startswith("_index."):
                    r = cascade_render(fm)
                    if r:
                        cascades[rel_dir] = r
                elif name.startswith("index."):
                    leaves[rel_dir] = fm.get("headless") is True
        for rel, fm in fms.items():
            d, name = os.path.split(rel)
            parts = d.split("/") if d else []
            ancestors = ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]
            if name.startswith("index."):
                if leaves.get(d) or any(a in leaves for a in ancestors[1:]):
                    continue
            elif any(a in leaves for a in ancestors):
                continue
            if fm.get("draft") is True:
                continue
            pub, exp = first_date(fm, pub_fields), first_date(fm, exp_fields)
            if (pub and pub > today) or (exp and exp < today):
                continue
            r = render_of(fm)
            if r is None and name.startswith("_index."):
                r = cascade_render(fm)
                ancestors = ancestors[1:]
            for a in ancestors:
                if r is not None:
                    break
                r = cascades.get(a)
            if r != "never":
                pages.add(os.path.join(cdir, rel))
    return pages


def main():
    tarball = kbtest.shared("corpora", "hugo-docs.tar.gz")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp)
        site = os.path.join(tmp, "hugo-docs")
        expected = published_pages(site)
        out = kbtest.run(["check", "--format", "json", "."], cwd=site, timeout=None)
        report = json.loads(out.stdout)
        checked = {f["file"] for f in report["findings"] if f["rule"] == "reviewed-missing"}
        fails = 0
        if report["files_checked"] != len(checked):
            print("FAIL: files_checked %d, pages with reviewed-missing %d"
                  % (report["files_checked"], len(checked)))
            fails += 1
        for f in sorted(checked - expected)[:20]:
            print("FAIL: checked, but Hugo does not publish it:", f)
            fails += 1
        for f in sorted(expected - checked)[:20]:
            print("FAIL: Hugo publishes it, but it was not checked:", f)
            fails += 1
        # the fragments hugo-docs includes and the glossary's terms are not pages
        for f in ("content/en/_common/gitignore-public.md", "content/en/quick-reference/glossary/action.md",
                  "content/LICENSE.md"):
            if f in checked:
                print("FAIL: a fragment was checked:", f)
                fails += 1
        if "content/en/quick-reference/glossary/_index.md" not in checked:
            print("FAIL: the glossary page (render: always) was not checked")
            fails += 1
        # the render hook's glossary links are not files, and no Hugo shortcode is a placeholder
        ph = [f for f in report["findings"] if f["rule"] == "placeholder-template"]
        g = [f for f in report["findings"] if f["rule"] == "link-missing-file"
             and "'g'" in f["message"]]
        print("pages published: %d, checked: %d; placeholder-template: %d; links to 'g' missing: %d"
              % (len(expected), len(checked), len(ph), len(g)))
        print("%s: %d failures" % (os.path.basename(__file__), fails))
        return 1 if fails else 0


if __name__ == "__main__":
    kbtest.main(main)
