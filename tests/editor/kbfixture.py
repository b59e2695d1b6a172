"""A small knowledge base whose findings sit on lines with tabs, accents, symbols and emoji, for
the column tests (tests/editor): per-article findings (placeholders), cross-article ones (a
missing link target, a sentence conflict), a suppression nobody needed, a YAML article (its
literal block), and a file that cannot be loaded. write() makes it in a folder; WORDS says what text each rule's finding points at."""
import os

FRONT = "---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\n"
FILES = {
    "a.md": FRONT +
    "Café €5 😀\tTODO here, and\t😀 TBD.\n"
    "\n"
    "État 😀 [gone](missing.md) and [ok](b.md).\n"
    "\n"
    "Ünïcödé 😀😀 text. Standard shipping takes 5 business days within the continental US.\n"
    "\n"
    "Un 😀 é <!-- kblint-disable-line plain-words -->\n"
    "\n"
    "€\ttab\tfirst: FIXME 😀 later.\n",
    "b.md": FRONT + "Standard shipping takes 7 business days within the continental US.\n",
    "c.md": "---\ntags: [é😀\t€, x}\nowner: x\n---\nx\n",
    "faq.yaml": "- question: Ünï?\n  owner: x\n  last_reviewed_on: 2026-11-01\n  answer: |\n"
                "    Ünï 😀\tcafé: TODO later.\n",
}
# what the text at each finding's column starts with, by rule (None: anything)
WORDS = {
    "placeholder-todo": ("TODO", "TBD", "FIXME"),
    "link-missing-file": ("[gone]",),
    "sentence-conflict": ("5 business days",),
    "suppression-unused": ("plain-words",),
    None: ("}",),  # the load error: the flow sequence closed by a brace
}
ARGS = ["check", "--no-config", "--today", "2026-11-20", "--report-unused-disables", "--quiet"]


def write(folder):
    for name, text in FILES.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)


def units(line, char_col):
    """The byte and UTF-16 columns (1-based) of character column char_col of line (str)."""
    before = line[:char_col - 1]
    return len(before.encode("utf-8")) + 1, len(before.encode("utf-16-le")) // 2 + 1
