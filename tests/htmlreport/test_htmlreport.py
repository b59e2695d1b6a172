#!/usr/bin/python3
"""The HTML audit page (`kblint audit --format html`) as headless Chromium lays it out: at 390 px
(a phone), 768 px and 1280 px, in the light and the dark colour scheme, the page does not scroll
sideways, every date stays on one line, path cells keep a readable width, chart text is drawn at
11 px or more, and every text of the charts and the page contrasts with what is behind it
(WCAG's 4.5:1); Chromium's automatic dark mode leaves the page alone. Printed, the print style
keeps headings with what follows them and rows uncut, and a 25-owner audit printed to PDF has no
page that ends with a heading (read with pdftotext when installed).

Chromium is driven through its DevTools protocol over --remote-debugging-pipe (Python's stdlib
only). The test skips with a message when /usr/bin/chromium (or KBLINT_CHROMIUM) is absent
(Debian: apt-get install chromium): it exits 77, which meson shows as SKIP.
KBLINT_SCREENSHOTS=DIR keeps a full-page PNG of each case in DIR to look at."""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

FIXTURE = os.path.join(ROOT, "tests", "audit", "kb")
CHROMIUM = os.environ.get("KBLINT_CHROMIUM", "/usr/bin/chromium")
WIDTHS = (390, 768, 1280)  # a phone, a tablet, a laptop
SCHEMES = ("light", "dark")
MIN_CHART_PX = 11
MIN_CONTRAST = 4.5
MIN_PATH_PX = 80    # the bug: path cells squeezed to 23 px wide columns at 390 px
TIMEOUT = 60        # seconds for any one answer from the browser
OWNERS = 25         # in the printed knowledge base: about 8 pages of A4

# A long path with no break opportunity and a long owner name, beside the audit fixture, so that
# narrow screens meet the worst a knowledge base can give them.
LONG_DIR = "kb/" + "very-long-folder-name-without-any-break" * 2
LONG_ARTICLE = ("---\ntitle: An article with a long title that has to wrap on a phone screen\n"
                "owner: customer-success-and-onboarding-team-emea\nlast_reviewed_on: 2025-01-01\n"
                "---\nText.\n")

# Measures the page in the browser; returns a JSON-able object. Runs with the page's CSP
# bypassed (Page.setBypassCSP), so the page itself needs no script.
MEASURE = r"""
(() => {
  const rgba = s => {
    const m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = c => {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const contrast = (a, b) => {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  // the colour behind an element: the first ancestor with an opaque background, else the
  // canvas (Chromium paints the canvas from the root's color-scheme: white or near black)
  const behind = el => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0.9) return c;
    }
    const dark = getComputedStyle(document.documentElement).colorScheme.includes('dark') &&
                 matchMedia('(prefers-color-scheme: dark)').matches;
    return dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
  };
  const short = el => (el.textContent || '').trim().slice(0, 40);
  const r = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
             colorScheme: getComputedStyle(document.documentElement).colorScheme,
             background: lum(behind(document.body)), dates: [], paths: [], chart: [], texts: []};
  // every date in the page's text (cells, cards, lines, footer): the lines its characters are on
  const dates = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = dates.nextNode(); n; n = dates.nextNode()) {
    for (const m of n.textContent.matchAll(/\d{4}-\d\d-\d\d/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(x => Math.round(x.top)));
      r.dates.push({text: m[0], in: short(n.parentElement), lines: tops.size});
    }
  }
  // boxes that scroll sideways on their own, and by how much
  r.boxes = [...document.body.querySelectorAll('*')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .map(e => ({inside: e.firstElementChild ? e.firstElementChild.tagName.toLowerCase() + '.' +
                                              e.firstElementChild.getAttribute('class') : '',
                over: e.scrollWidth - e.clientWidth}));
  for (const code of document.querySelectorAll('table.articles td code'))
    r.paths.push({text: short(code), width: code.parentElement.getBoundingClientRect().width});
  // chart text: the size it is drawn at is its font size times the SVG's scale on screen
  for (const t of document.querySelectorAll('svg text')) {
    const cs = getComputedStyle(t);
    const scale = t.getScreenCTM().a;
    r.chart.push({text: short(t), px: parseFloat(cs.fontSize) * scale,
                  contrast: contrast(rgba(cs.fill), behind(t.closest('svg')))});
  }
  // every other element with text of its own: its colour against what is behind it
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || seen.has(el) || el.closest('svg')) continue;
    seen.add(el);
    r.texts.push({text: short(el), tag: el.tagName.toLowerCase(),
                  contrast: contrast(rgba(getComputedStyle(el).color), behind(el))});
  }
  return r;
})()
"""

PRINT_MEASURE = r"""
(() => {
  const cs = s => [...document.querySelectorAll(s)].map(e => getComputedStyle(e));
  return {
    headings: cs('h1, h2, figcaption').map(s => s.breakAfter),
    rows: cs('tr').map(s => s.breakInside),
    figures: cs('figure').map(s => s.breakInside),
    background: getComputedStyle(document.body).backgroundColor,
  };
})()
"""


class Browser:
    """Headless Chromium on a DevTools pipe: fd 3 carries commands to it, fd 4 its answers and
    events, each a JSON text ended by a NUL byte."""

    def __init__(self, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        # in the child: the pipe ends at 3 and 4 (kept open: subprocess closes the other
        # descriptors after preexec_fn)
        def fds():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
             "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            pass_fds=(3, 4, to_chrome_r, from_chrome_w), preexec_fn=fds)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf, self.next_id, self.events = b"", 0, []

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its pipe: "
                                   + self.proc.stderr.read().decode(errors="replace")[-2000:])
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, session=None, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m["result"]
            self.events.append(m)

    def wait_event(self, method, session):
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method and m.get("sessionId") == session:
                    del self.events[i]
                    return m
            self.events.append(self._read(deadline))

    def close(self):
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError, TimeoutError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stderr.close()
        os.close(self.to_chrome)
        os.close(self.from_chrome)


class Page:
    """One tab, with its width, colour scheme and media set before the page loads."""

    def __init__(self, browser):
        self.b = browser
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        self.s = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable")
        self.send("Page.setBypassCSP", enabled=True)

    def send(self, method, **params):
        return self.b.send(method, session=self.s, **params)

    def open(self, url, width, scheme="light", media="screen"):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 600)
        self.send("Emulation.setEmulatedMedia", media=media,
                  features=[{"name": "prefers-color-scheme", "value": scheme}])
        self.send("Page.navigate", url=url)
        self.b.wait_event("Page.loadEventFired", self.s)

    def eval(self, expression):
        r = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(json.dumps(r["exceptionDetails"])[:2000])
        return r["result"]["value"]

    def screenshot(self, path=None):
        """The whole page as PNG bytes, also written to path if given."""
        png = base64.b64decode(self.send("Page.captureScreenshot", format="png",
                                         captureBeyondViewport=True)["data"])
        if path:
            with open(path, "wb") as f:
                f.write(png)
        return png


@unittest.skipUnless(os.access(CHROMIUM, os.X_OK),
                     "SKIP: %s is absent (Debian: apt-get install chromium); the HTML audit page "
                     "was not checked in a browser" % CHROMIUM)
class Layout(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kblint-htmlreport-")
        # class cleanups run even when setUpClass fails half way (last added, first run)
        cls.addClassCleanup(shutil.rmtree, cls.tmp)
        kb = os.path.join(cls.tmp, "kb")
        shutil.copytree(FIXTURE, kb)
        os.makedirs(os.path.join(cls.tmp, LONG_DIR))
        with open(os.path.join(cls.tmp, LONG_DIR, "article-with-a-long-name.md"), "w",
                  encoding="utf-8") as f:
            f.write(LONG_ARTICLE)
        # two runs a week apart, so the page has its trend line and `new` badges
        state = os.path.join(cls.tmp, "state.json")
        for today in ("2026-11-18", "2026-11-25"):
            p = kbtest.run(["audit", "--today", today, "--state", state, "-f", "html",
                            "-o", os.path.join(cls.tmp, "audit.html"), "kb"], cwd=cls.tmp)
            if (p.returncode, p.stderr) != (0, ""):
                raise AssertionError("kblint audit: exit %d: %s" % (p.returncode, p.stderr))
        cls.url = "file://" + os.path.join(cls.tmp, "audit.html")
        cls.shots = os.environ.get("KBLINT_SCREENSHOTS")
        cls.browser = Browser(os.path.join(cls.tmp, "profile"))
        cls.addClassCleanup(cls.browser.close)
        cls.page = Page(cls.browser)
        cls.results = {}
        for width in WIDTHS:
            for scheme in SCHEMES:
                cls.page.open(cls.url, width, scheme)
                cls.results[width, scheme] = cls.page.eval(MEASURE)
                if cls.shots:
                    os.makedirs(cls.shots, exist_ok=True)
                    cls.page.screenshot(os.path.join(cls.shots, "audit-%d-%s.png"
                                                     % (width, scheme)))
        # Chromium's automatic dark mode (a setting of the browser, not of the page) repaints
        # pages that do not say they have a dark theme: it must leave this page as it is
        cls.dark_shot = cls.page.screenshot()
        cls.page.send("Emulation.setAutoDarkModeOverride", enabled=True)
        cls.page.open(cls.url, 1280, "dark")
        cls.auto_dark_shot = cls.page.screenshot(
            cls.shots and os.path.join(cls.shots, "audit-1280-autodark.png"))
        cls.page.send("Emulation.setAutoDarkModeOverride")
        cls.page.open(cls.url, 1280, "dark", media="print")
        cls.printed = cls.page.eval(PRINT_MEASURE)

    def each(self, check):
        """check(width, scheme, measurements) in a subtest for each case."""
        for (width, scheme), r in sorted(self.results.items()):
            with self.subTest(width=width, scheme=scheme):
                check(width, scheme, r)

    def test_color_scheme_is_declared(self):
        self.each(lambda w, s, r: self.assertEqual(r["colorScheme"], "light dark"))

    def test_no_sideways_scroll(self):
        # on a phone a page wider than the screen widens the layout viewport (innerWidth) and is
        # shown zoomed out, so both are compared with the screen's width
        def check(width, scheme, r):
            self.assertEqual(r["innerWidth"], width)
            self.assertLessEqual(r["scrollWidth"], width)
        self.each(check)

    def test_boxes_scroll_only_on_a_phone(self):
        # at 1280 px nothing scrolls; on a phone the article tables reflow (a block per article)
        # and only the owners table and the charts may scroll inside their own box
        def check(width, scheme, r):
            self.assertEqual(len([b for b in r["boxes"] if b["inside"] == "table.articles"]), 6)
            scrolling = [b for b in r["boxes"] if b["over"] > 0]
            if width > 600:
                self.assertEqual(scrolling, [])
            else:
                self.assertEqual({b["inside"] for b in scrolling} - {"table.owners", "svg.null"},
                                 set())
        self.each(check)

    def test_dates_stay_on_one_line(self):
        def check(width, scheme, r):
            self.assertGreater(len(r["dates"]), 10)
            self.assertEqual([d for d in r["dates"] if d["lines"] != 1], [])
        self.each(check)

    def test_path_cells_keep_their_width(self):
        def check(width, scheme, r):
            self.assertTrue(r["paths"])
            self.assertEqual([p for p in r["paths"] if p["width"] < MIN_PATH_PX], [])
        self.each(check)

    def test_chart_text_is_readable(self):
        def check(width, scheme, r):
            self.assertGreater(len(r["chart"]), 20)
            self.assertEqual([t for t in r["chart"] if t["px"] < MIN_CHART_PX - 0.01], [])
        self.each(check)

    def test_chart_text_contrasts(self):
        self.each(lambda w, s, r: self.assertEqual(
            [t for t in r["chart"] if t["contrast"] < MIN_CONTRAST], []))

    def test_page_text_contrasts(self):
        def check(width, scheme, r):
            self.assertGreater(len(r["texts"]), 50)
            self.assertEqual([t for t in r["texts"] if t["contrast"] < MIN_CONTRAST], [])
        self.each(check)

    def test_dark_is_dark(self):
        # the relative luminance of the page's background: near white, and near black
        def check(width, scheme, r):
            if scheme == "light":
                self.assertGreater(r["background"], 0.8)
            else:
                self.assertLess(r["background"], 0.05)
        self.each(check)

    def test_automatic_dark_mode_leaves_the_page_alone(self):
        self.assertTrue(self.auto_dark_shot == self.dark_shot,
                        "automatic dark mode repainted the page")

    def test_print_keeps_headings_with_their_content(self):
        p = self.printed
        self.assertTrue(p["headings"])
        self.assertEqual(set(p["headings"]), {"avoid"})
        self.assertEqual(set(p["rows"]), {"avoid"})
        self.assertEqual(set(p["figures"]), {"avoid"})
        # printed on white paper even when the screen is dark
        self.assertEqual(p["background"], "rgb(255, 255, 255)")


@unittest.skipUnless(os.access(CHROMIUM, os.X_OK), "SKIP: %s is absent" % CHROMIUM)
class Printed(unittest.TestCase):
    """A knowledge base of 25 owners printed on A4: no page ends with a heading, a chart's
    caption or a table's header row. Reading the pages of the PDF needs pdftotext (Debian:
    poppler-utils); without it this check skips with a message."""

    def test_no_page_ends_with_a_heading(self):
        if not shutil.which("pdftotext"):
            self.skipTest("SKIP: pdftotext is absent (Debian: apt-get install poppler-utils); "
                          "page breaks of the printed page were not checked")
        with tempfile.TemporaryDirectory(prefix="kblint-htmlreport-") as d:
            kb = os.path.join(d, "kb")
            os.makedirs(kb)
            shutil.copy(os.path.join(FIXTURE, ".kblint.yaml"), kb)
            for o in range(1, OWNERS + 1):
                for a in range(1, o % 4 + 2):
                    with open(os.path.join(kb, "t%d-a%d.md" % (o, a)), "w",
                              encoding="utf-8") as f:
                        f.write("---\ntitle: Article %d of owner %d\nowner: team-%02d\n"
                                "last_reviewed_on: 2025-%02d-01\n---\nText.\n"
                                % (a, o, o, a % 9 + 1))
            page = os.path.join(d, "audit.html")
            p = kbtest.run(["audit", "--today", "2026-11-25", "-f", "html", "-o", page, "kb"],
                           cwd=d)
            self.assertEqual((p.returncode, p.stderr), (0, ""))
            browser = Browser(os.path.join(d, "profile"))
            try:
                # no emulated width: an overridden viewport would also be the printed one
                tab = Page(browser)
                tab.send("Page.navigate", url="file://" + page)
                browser.wait_event("Page.loadEventFired", tab.s)
                pdf = tab.send("Page.printToPDF", paperWidth=8.27, paperHeight=11.69)["data"]
            finally:
                browser.close()
            with open(os.path.join(d, "audit.pdf"), "wb") as f:
                f.write(base64.b64decode(pdf))
            text = subprocess.run(["pdftotext", "-layout", os.path.join(d, "audit.pdf"), "-"],
                                  capture_output=True, text=True, check=True, timeout=60).stdout
        pages = [[line.strip() for line in p.splitlines() if line.strip()]
                 for p in text.split("\f") if p.strip()]
        self.assertGreater(len(pages), 3)
        heading = re.compile(r"^(team-\d\d \d+ overdue,|Owners$|Owner +Articles|Article +Path|"
                             r"Live articles by|Overdue articles per owner$)")
        self.assertEqual([(i + 1, p[-1]) for i, p in enumerate(pages) if heading.match(p[-1])],
                         [])


if __name__ == "__main__":
    if not os.access(CHROMIUM, os.X_OK):
        print("SKIP: %s is absent (Debian: apt-get install chromium); the HTML audit page was "
              "not checked in a browser" % CHROMIUM)
        sys.exit(77)  # meson's exit status for a skipped test
    unittest.main(verbosity=2)
