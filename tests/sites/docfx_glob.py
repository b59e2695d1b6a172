"""docfx's file globs, written here from docfx's documentation and its GlobMatcher, apart from
kblint's C code, so that tests can compute the files a docfx build reads independently:

- a glob is matched against the whole path relative to its folder (the mapping's src, else the
  folder of docfx.json), case-insensitively;
- "**" as a whole segment matches any number of folders; "**.md" at a segment's start means
  "**/*.md"; "a**b" inside a segment means "a*b";
- "*" and "?" stay within a segment, "[...]" is a class, "{a,b}" expands (nested too);
- names starting with "." are matched only by a segment that starts with "." itself;
- a file is in a mapping when a files glob matches it and no exclude glob of that mapping does.
"""
import json
import os
import re


def expand(pat):
    """The globs "{a,b}" groups stand for, nested groups too."""
    i = pat.find("{")
    if i < 0:
        return [pat]
    depth, j = 0, i
    while j < len(pat):
        depth += pat[j] == "{"
        depth -= pat[j] == "}"
        if depth == 0:
            break
        j += 1
    if j == len(pat):
        return [pat]
    alts, depth, start = [], 0, i + 1
    for k in range(i + 1, j + 1):
        c = pat[k]
        if c == "{":
            depth += 1
        elif c == "}" and k != j:
            depth -= 1
        if (c == "," and depth == 0) or k == j:
            alts.append(pat[start:k])
            start = k + 1
    out = []
    for a in alts:
        for e in expand(pat[:i] + a + pat[j + 1:]):
            if e not in out:
                out.append(e)
    return out


def part_regex(part):
    out, i = "", 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[":
            k = part.find("]", i + 1)
            if k < 0:
                out += re.escape(c)
            else:
                body = part[i + 1:k]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out += "[" + body.replace("\\", "\\\\") + "]"
                i = k
        else:
            out += re.escape(c)
        i += 1
    if not part.startswith("."):
        out = "(?!\\.)" + out
    return re.compile(out + "$", re.I)


class Glob:
    def __init__(self, pat):
        self.alts = []
        for g in expand(pat):
            parts = []
            for p in [x for x in g.split("/") if x and x != "."]:
                m = re.match(r"^\*{2,}(?=[^/*])", p)
                if m:
                    parts.append("**")
                    parts.append("*" + p[m.end():])
                elif re.fullmatch(r"\*{2,}", p):
                    parts.append("**")
                else:
                    parts.append(p)
            self.alts.append([None if p == "**" else part_regex(re.sub(r"\*{2,}", "*", p))
                              for p in parts])

    @staticmethod
    def _match(parts, segs):
        if not parts:
            return not segs
        if parts[0] is None:
            for k in range(len(segs) + 1):
                if any(s.startswith(".") for s in segs[:k]):
                    break
                if Glob._match(parts[1:], segs[k:]):
                    return True
            return False
        return bool(segs) and bool(parts[0].match(segs[0])) and Glob._match(parts[1:], segs[1:])

    def match(self, rel):
        segs = rel.split("/")
        return any(self._match(a, segs) for a in self.alts)


def as_list(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def files_under(folder):
    for dirpath, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            yield os.path.relpath(os.path.join(dirpath, f), folder).replace(os.sep, "/")


def content_files(docset):
    """The absolute paths of the files build.content of docset/docfx.json names."""
    cfg = json.load(open(os.path.join(docset, "docfx.json")))
    content = cfg.get("build", {}).get("content", [])
    if not isinstance(content, list):
        content = [content]
    found = set()
    for m in content:
        if isinstance(m, str):
            m = {"files": m}
        src = m.get("src") or m.get("cwd") or ""
        base = os.path.normpath(os.path.join(docset, src))
        inc = [Glob(g) for g in as_list(m.get("files")) if not g.startswith("!")]
        exc = [Glob(g) for g in as_list(m.get("exclude")) if not g.startswith("!")]
        if not os.path.isdir(base):
            continue
        for rel in files_under(base):
            if any(g.match(rel) for g in inc) and not any(g.match(rel) for g in exc):
                found.add(os.path.join(base, rel))
    return found


def docsets(repo):
    """The docset folders of repo: those its publish config names that hold a docfx.json, or
    repo itself when it holds a docfx.json."""
    pub = os.path.join(repo, ".openpublishing.publish.config.json")
    out = []
    if os.path.exists(pub):
        for d in json.load(open(pub)).get("docsets_to_publish", []):
            folder = os.path.normpath(os.path.join(repo, d.get("build_source_folder", ".")))
            if os.path.exists(os.path.join(folder, "docfx.json")) and folder not in out:
                out.append(folder)
    if not out and os.path.exists(os.path.join(repo, "docfx.json")):
        out.append(repo)
    return out


def content(repo):
    """The content files of repo's docsets outside includes/ folders, relative to repo."""
    out = set()
    for d in docsets(repo):
        for f in content_files(d):
            rel = os.path.relpath(f, repo).replace(os.sep, "/")
            if "includes" not in rel.split("/")[:-1]:
                out.add(rel)
    return out


def is_faq(path):
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.readline().strip() == "### YamlMime:FAQ"


def articles(repo):
    """The files of repo's docsets kblint should check as articles: Markdown content files
    outside includes/ folders, and YamlMime:FAQ files."""
    return {f for f in content(repo)
            if f.endswith(".md") or (f.endswith(".yml") and is_faq(os.path.join(repo, f)))}
