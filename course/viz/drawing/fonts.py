"""A font for Chinese text, found once, for matplotlib (PNG) and for SVG.

DejaVu, which draws every picture's Latin text, has no CJK glyphs: without help matplotlib
draws Chinese as empty boxes ("tofu"). `cjk_family()` finds an installed CJK font (the
first of CJK_FAMILIES that matplotlib knows, else one of the usual font files, which it
then registers); `use_cjk(figure)` makes every text of a figure that holds CJK characters
fall back to it, glyph by glyph, so Latin letters and digits keep their DejaVu look.
SVG leaves the choice to the browser: `svg.FONTS` lists CJK families after DejaVu.
matplotlib is imported inside the functions (`import course.viz` stays light).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from pathlib import Path

# Families to look for, best first: the Noto / Source Han fonts, WenQuanYi (Debian's
# fonts-wqy-microhei, which .ci/run installs), then the systems' own.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "Microsoft YaHei", "SimHei", "Arial Unicode MS",
)
# Font files tried when matplotlib's font list (cached when it was first built) has none.
CJK_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
INSTALL_HINT = ("install a CJK font, e.g. `apt-get install fonts-wqy-microhei` (Debian/Ubuntu), "
                "`dnf install google-noto-sans-cjk-fonts` (Fedora) or Noto Sans CJK SC from "
                "https://github.com/notofonts/noto-cjk, then restart the kernel")

_CJK = re.compile("[\u2e80-\u9fff\u3000-\u303f\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def is_wide(char: str) -> bool:
    """Whether `char` takes a full em (CJK ideographs and punctuation) rather than 0.6 em."""
    return unicodedata.east_asian_width(char) in ("W", "F")


@functools.lru_cache(maxsize=None)
def cjk_family() -> str | None:
    """The name of an installed CJK font family that matplotlib can draw with, or None."""
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    found = next((family for family in CJK_FAMILIES if family in known), None)
    for path in CJK_FILES if found is None else ():
        if Path(path).is_file():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
            found = font_manager.FontProperties(fname=path).get_name()
            break
    if found is not None:
        logging.getLogger("matplotlib.font_manager").addFilter(_NoBoldNotice(found))
    return found


class _NoBoldNotice(logging.Filter):
    """Drops matplotlib's notice that the CJK font has no bold face (WenQuanYi has none: its
    regular face is used, which is what we want)."""

    def __init__(self, family: str):
        super().__init__()
        self.family = family

    def filter(self, record) -> bool:
        return not (record.getMessage().startswith("findfont: Failed to find font weight")
                    and self.family in record.getMessage())


def with_cjk(family) -> list:
    """matplotlib's family list `family` (a name or a list) followed by the CJK font."""
    families = [family] if isinstance(family, str) else list(family)
    cjk = cjk_family()
    return families + [cjk] if cjk and cjk not in families else families


def add_cjk_fallback() -> None:
    """Append the CJK font to matplotlib's default family list (rcParams["font.family"]),
    after the families already there: any figure made afterwards draws Chinese glyphs with
    it, Latin ones as before. (matplotlib falls back along that list, glyph by glyph; a
    generic family such as "sans-serif" stands for one font only.)"""
    import matplotlib

    cjk = cjk_family()
    if cjk is not None and cjk not in matplotlib.rcParams["font.family"]:
        matplotlib.rcParams["font.family"] = [*matplotlib.rcParams["font.family"], cjk]


def use_cjk(artist) -> None:
    """Let every text in `artist` (a Figure, a legend, a Text...) that holds CJK characters
    fall back to the CJK font."""
    from matplotlib.text import Text

    if cjk_family() is None:
        return
    for text in artist.findobj(Text):
        if has_cjk(text.get_text()):
            text.set_fontfamily(with_cjk(text.get_fontfamily()))
