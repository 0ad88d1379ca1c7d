"""Use a notebook in JupyterLab the way a learner does, through Playwright's sync API.

Everything here reads what the page shows (DOM, status bar, rendered images), never the
kernel's state: a lesson passes only if a person looking at the page would see it work.
The timing rules come from docs measured on this kind of machine: Run All is ignored until
the status bar says "| Idle"; a widget redraw briefly removes the old image, so wait for
the image to change, then for Idle.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path

STDERR = "application/vnd.jupyter.stderr"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# An error output, as JupyterLab renders it (errors are shown as stderr text with the traceback).
ERROR_TEXT = re.compile(r"Traceback|\w*Error\b|\w*Exception\b")
WIDGET_FAILURE = re.compile(r"Error displaying widget|Error rendering output|Loading widget")

# One snapshot of the notebook as the page shows it: cells in order, with what they display.
_CELLS_JS = """() => {
  const hash = s => { let h = 5381; for (let i = 0; i < s.length; i++) h = (h * 33 ^ s.charCodeAt(i)) >>> 0; return h.toString(16) + ':' + s.length; };
  return Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).map(cell => {
    const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-output'));
    return {
      code: cell.classList.contains('jp-CodeCell'),
      prompt: (cell.querySelector('.jp-InputPrompt') || {}).textContent || '',
      stderr: outputs.filter(o => o.dataset.mimeType === 'STDERR').map(o => o.innerText),
      texts: outputs.map(o => o.innerText),
      // A rendered widget view (JupyterLab sets no data-mime-type on those outputs).
      widgets: outputs.filter(o => o.querySelector(':scope > .jupyter-widgets')).length,
      images: Array.from(cell.querySelectorAll('.jp-OutputArea-output img')).map(img => ({
        hash: hash(img.src), width: img.naturalWidth,
        svg: !!img.closest('.jp-RenderedSVG'), png: !!img.closest('.jp-RenderedImage')})),
      // Dropdowns showing nothing (ipywidgets 8 shows value=None as no selection).
      blank_dropdowns: Array.from(cell.querySelectorAll('.widget-dropdown'))
        .filter(d => d.querySelector('select').selectedIndex < 0)
        .map(d => (d.querySelector('.widget-label') || {}).textContent || ''),
      inline_svgs: Array.from(cell.querySelectorAll('.jp-RenderedHTMLCommon svg'))
        .filter(s => s.getBoundingClientRect().width > 0).length,
    };
  });
}""".replace("STDERR", STDERR)

# Scroll the notebook to its top; returns how much taller than its window it is.
_SCROLL_TO_TOP_JS = """() => {
  const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  scroller.scrollTop = 0;
  return scroller.scrollHeight - scroller.clientHeight;
}"""
# Headless Chromium paints a 1280 x 40000 window fine; a longer notebook is cut there.
MAX_SCREENSHOT_HEIGHT = 40000
_NEXT_FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@dataclass
class Cell:
    index: int
    code: bool
    prompt: str
    stderr: list
    texts: list
    widgets: int
    images: list
    blank_dropdowns: list
    inline_svgs: int

    @property
    def running(self) -> bool:
        return "*" in self.prompt

    @property
    def executed(self) -> bool:
        return bool(re.search(r"\[\d+\]", self.prompt))

    @property
    def errors(self) -> list[str]:
        return [text for text in self.stderr if ERROR_TEXT.search(text)]


class LabNotebook:
    """One notebook open in its own JupyterLab page."""

    def __init__(self, page, base_url: str, path: str, stored=None):
        """`stored`: the notebook as the repository stores it (executed, with outputs), which
        says which errors are meant and how many pictures a run shows."""
        self.page = page
        self.base_url = base_url
        self.path = path
        # Indices of cells tagged raises-exception: their error is part of the lesson.
        self.expected_errors = set()
        self.expected_pictures = {}
        if stored is not None:
            self.expected_pictures, self.expected_errors = stored_expectations(stored)
        self.run_seconds = None

    # ------------------------------------------------------------------ opening and running

    def open(self, workspace: str, timeout_s: float = 60) -> LabNotebook:
        # A workspace of its own: JupyterLab must not reopen notebooks from earlier tests.
        self.page.goto(f"{self.base_url}/lab/workspaces/{workspace}/tree/{self.path}")
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(
            timeout=timeout_s * 1000)
        self._collapse_left_sidebar()
        self.wait_idle(timeout_s)
        return self

    def _collapse_left_sidebar(self):
        """Give the notebook the whole width (screenshots), as a learner would."""
        current = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()

    def wait_idle(self, timeout_s: float = 60):
        """Wait until the status bar says the kernel is connected and idle."""
        self.page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for(
            timeout=timeout_s * 1000)

    def kernel_status(self) -> str:
        items = self.page.locator(".jp-StatusBar-TextItem", has_text="|").all_inner_texts()
        return " / ".join(items)

    def run_all(self):
        """Run > Run All Cells, from the menu bar."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-itemLabel",
                          has_text=re.compile(r"^Run All Cells$")).click()

    def run_all_and_wait(self, timeout_s: float = 180) -> float:
        """Run All, then wait until no cell runs and every code cell ran or an error stopped
        the run; returns the seconds it took."""
        start = time.monotonic()
        self.run_all()
        deadline = start + timeout_s
        while True:
            cells = self.cells()
            code = [c for c in cells if c.code]
            stopped_by_error = any(c.errors and c.index not in self.expected_errors
                                   for c in cells)
            finished = not any(c.running for c in code) and (
                all(c.executed for c in code) or stopped_by_error)
            if finished and self._idle_now():
                self.run_seconds = time.monotonic() - start
                return self.run_seconds
            if time.monotonic() > deadline:
                pending = [c.index for c in code if not c.executed]
                raise AssertionError(
                    f"{self.path}: Run All did not finish in {timeout_s:.0f} s; cells not "
                    f"executed: {pending}; kernel status: {self.kernel_status()!r}")
            self.page.wait_for_timeout(250)

    def _idle_now(self) -> bool:
        return self.page.locator(".jp-StatusBar-TextItem", has_text="| Idle").count() > 0

    # ------------------------------------------------------------------ reading the page

    def cells(self) -> list[Cell]:
        return [Cell(index=i, **c) for i, c in enumerate(self.page.evaluate(_CELLS_JS))]

    def images(self) -> list[dict]:
        return [img for cell in self.cells() for img in cell.images]

    def image_hashes(self) -> list[str]:
        """What every loaded picture shows, in page order (a redraw changes one)."""
        return [img["hash"] for img in self.images() if img["width"] > 0]

    def problems(self) -> list[str]:
        """Everything a learner would see go wrong, one sentence each; [] when all is well."""
        problems = []
        cells = self.cells()
        for cell in cells:
            where = f"cell {cell.index} ({cell.prompt.strip() or 'no prompt'})"
            if cell.code and not cell.executed:
                problems.append(f"{where} did not run")
            if cell.index not in self.expected_errors:
                problems += [f"{where} shows an error:\n{text[-1500:]}" for text in cell.errors]
            elif not cell.errors:
                problems.append(f"{where} is tagged raises-exception but shows no error")
            for text in cell.texts:
                if WIDGET_FAILURE.search(text):
                    problems.append(f"{where} shows a broken widget: {text[:300]!r}")
            problems += [f"{where} has a dropdown {label!r} showing no choice"
                         for label in cell.blank_dropdowns]
            for img in cell.images:
                if img["width"] == 0:
                    problems.append(f"{where} has an image that did not load")
        shown = picture_counts(cells)
        if shown["pictures"] == 0:
            problems.append("the notebook shows no picture at all (no img or svg output)")
        for kind, count in self.expected_pictures.items():
            if shown[kind] < count:
                problems.append(f"the stored notebook shows {count} {kind} output(s), "
                                f"the browser only {shown[kind]}")
        dialogs = self.page.locator(".jp-Dialog").all_inner_texts()
        problems += [f"a dialog is open: {text[:300]!r}" for text in dialogs]
        if not self._idle_now():
            problems.append(f"the kernel is not idle: {self.kernel_status()!r}")
        return problems

    # ------------------------------------------------------------------ widgets

    def widgets(self, kind: str, label):
        """The widgets of `kind` (CSS class, e.g. '.widget-slider') whose description label
        is `label` (a string, matched whole and case-insensitively, or a regex)."""
        if isinstance(label, str):
            label = re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$", re.IGNORECASE)
        return self.page.locator(f".jp-Notebook {kind}").filter(
            has=self.page.locator(".widget-label", has_text=label))

    def widget(self, kind: str, label, index: int | None = None):
        """The one widget of `kind` labelled `label`, or the `index`-th of several."""
        found = self.widgets(kind, label)
        count = found.count()
        if (count != 1) if index is None else not (0 <= index < count):
            labels = self.page.locator(f".jp-Notebook {kind} .widget-label").all_inner_texts()
            wanted = "one" if index is None else f"at least {index + 1}"
            raise AssertionError(f"{self.path}: expected {wanted} {kind} labelled {label!r}, "
                                 f"found {count}; labels there: {labels}")
        return found.nth(index or 0)

    def slider(self, label, index: int | None = None) -> SliderState:
        """Where a slider stands, read from its noUi handle's ARIA attributes and readout."""
        box = self.widget(".widget-slider", label, index)
        handle = box.locator(".noUi-handle").first
        low, high, now = (float(handle.get_attribute(name))
                          for name in ("aria-valuemin", "aria-valuemax", "aria-valuenow"))
        return SliderState(low, high, now, box.locator(".widget-readout").inner_text().strip())

    def set_slider(self, label, value, index: int | None = None, timeout_s: float = 60) -> str:
        """Type `value` into the slider's readout, as a learner does; wait for the redraw.
        Returns the readout text afterwards."""
        readout = self.widget(".widget-slider", label, index).locator(".widget-readout")
        before = self.image_hashes()
        readout.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(str(value))
        self.page.keyboard.press("Enter")
        self.wait_for_redraw(before, timeout_s)
        return readout.inner_text().strip()

    def select(self, label, option_text: str | None = None, timeout_s: float = 60) -> str:
        """Pick `option_text` (default: the first option not selected now) in the dropdown
        labelled `label`; wait for the redraw. Returns the text of the option picked."""
        select = self.widget(".widget-dropdown", label).locator("select")
        options = select.evaluate(
            "s => Array.from(s.options).map(o => ({text: o.text, selected: o.selected}))")
        if option_text is None:
            option_text = next(o["text"] for o in options if not o["selected"])
        before = self.image_hashes()
        select.select_option(label=option_text)
        self.wait_for_redraw(before, timeout_s)
        return option_text

    def click(self, text: str, timeout_s: float = 60) -> None:
        """Click the one button whose text starts with `text` (a Button widget); wait for
        the redraw."""
        buttons = self.page.locator(".jp-Notebook button.widget-button").filter(
            has_text=re.compile(rf"^\s*{re.escape(text)}", re.IGNORECASE))
        if buttons.count() != 1:
            raise AssertionError(f"{self.path}: expected one button {text!r}, found "
                                 f"{buttons.count()}")
        before = self.image_hashes()
        buttons.first.click()
        self.wait_for_redraw(before, timeout_s)

    def play(self, beside: str | None = None, timeout_s: float = 60) -> None:
        """Press the play button of the Play widget (the one in the cell that has a button
        or a widget label starting with `beside`, when several), wait for a new frame, pause."""
        cells = self.page.locator(".jp-Notebook .jp-Cell")
        if beside is not None:
            cells = cells.filter(has=self.page.locator("button.widget-button, .widget-label")
                                 .filter(has_text=re.compile(rf"^\s*{re.escape(beside)}",
                                                             re.IGNORECASE)))
        play = cells.locator(".widget-play")
        if play.count() != 1:
            raise AssertionError(f"{self.path}: expected one Play widget, found {play.count()}")
        before = self.image_hashes()
        toggle = play.locator("button").nth(0)          # play/pause (then stop, repeat)
        toggle.click()
        try:
            self.wait_for_redraw(before, timeout_s)
        finally:
            toggle.click()                               # pause: stop would rewind to 0
        self.wait_idle(timeout_s)

    def outputs_text(self, widget) -> str:
        """Everything the cell holding `widget` shows below its code, as text."""
        return widget.evaluate(
            "el => el.closest('.jp-Cell').querySelector('.jp-Cell-outputArea').innerText")

    def wait_for_redraw(self, before: list[str], timeout_s: float = 60):
        """Wait until some picture differs from `before` and no picture is missing, then for
        Idle: the kernel may still be finishing the redraw when the image arrives."""
        deadline = time.monotonic() + timeout_s
        while True:
            now = self.image_hashes()
            if now != before and len(now) >= len(before):
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.path}: no picture changed within {timeout_s:.0f} s "
                                     f"(kernel: {self.kernel_status()!r})")
            self.page.wait_for_timeout(100)
        self.wait_idle(timeout_s)

    # ------------------------------------------------------------------ screenshots

    def screenshot(self, path: Path) -> Path:
        """The whole notebook in one PNG: the window is made as tall as the notebook, since
        the notebook scrolls inside JupyterLab rather than the page."""
        path.parent.mkdir(parents=True, exist_ok=True)
        viewport = self.page.viewport_size
        extra = self.page.evaluate(_SCROLL_TO_TOP_JS)
        height = min(viewport["height"] + max(extra, 0) + 40, MAX_SCREENSHOT_HEIGHT)
        self.page.set_viewport_size({"width": viewport["width"], "height": height})
        self.page.evaluate(_SCROLL_TO_TOP_JS)
        self.page.evaluate(_NEXT_FRAME_JS)
        try:
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(viewport)
        return path


@dataclass
class SliderState:
    """A slider's range and position in slider units (a FloatLogSlider's units are base-10
    exponents: its handle moves linearly in the exponent), and the value its readout shows."""

    low: float
    high: float
    now: float
    readout: str

    @property
    def log(self) -> bool:
        """Whether the readout is 10**position rather than the position itself: whichever
        reading is nearer (the handle snaps to its step, so neither is exact)."""
        value = float(self.readout)
        return value > 0 and abs(math.log10(value) - self.now) < abs(value - self.now)

    def units(self, value: float) -> float:
        return math.log10(value) if self.log else value

    def another_value(self) -> float:
        """A value a quarter of the range away, on a round number the slider's step likely
        hits (a whole exponent, an integer), so the typed value is kept as typed."""
        quarter = (self.high - self.low) / 4
        target = self.now + quarter if self.now + quarter <= self.high else self.now - quarter
        whole = round(target)
        if whole != self.now and self.low <= whole <= self.high and (self.log or quarter >= 1):
            target = whole
        if self.log:
            return float(f"{10 ** target:.3g}")
        return int(target) if target == int(target) and "." not in self.readout else \
            float(f"{target:.3g}")

    def shows(self, value: float) -> bool:
        """Whether the readout shows `value`, allowing for the slider's snapping to its step."""
        return abs(self.units(float(self.readout)) - self.units(value)) <= \
            0.05 * (self.high - self.low)


def picture_counts(cells: list[Cell]) -> dict:
    """How many pictures the page shows: loaded SVG and PNG outputs, widget views, all."""
    images = [img for cell in cells for img in cell.images if img["width"] > 0]
    return {
        "svg": sum(img["svg"] for img in images),
        "png": sum(img["png"] for img in images),
        "widget": sum(cell.widgets for cell in cells),
        "pictures": len(images) + sum(cell.inline_svgs for cell in cells),
    }


def stored_expectations(notebook) -> tuple[dict, set[int]]:
    """From a stored (executed) notebook: how many pictures of each kind it showed when it was
    built, and which cells are tagged raises-exception (their error is meant)."""
    expected = {"svg": 0, "png": 0, "widget": 0}
    mime_kinds = {"image/svg+xml": "svg", "image/png": "png", WIDGET_VIEW: "widget"}
    raises = set()
    for index, cell in enumerate(notebook.cells):
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            raises.add(index)
        for output in cell.get("outputs", []):
            for mime, kind in mime_kinds.items():
                if mime in output.get("data", {}):
                    expected[kind] += 1
    return expected, raises
