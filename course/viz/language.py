"""Which language the pictures speak: English ("en", the default) or Simplified Chinese ("zh").

    course.viz.set_language("zh")            # every picture from now on
    viz.draw_graph(loss, lang="zh")          # one picture

Texts are looked up by their English wording in the catalogue `course.viz.translations`
(`tr("step")` -> "步数"); a format string is translated first and filled in after, so the
numbers stay the same in every language. A picture records the language it was made in
(`language_of_now()`) and redraws in it (`speaking(lang)`), whatever the global setting
has become since. Chinese needs a CJK font for PNGs: without one (see drawing/fonts.py)
pictures say so once and fall back to English rather than draw empty boxes.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import warnings

from .translations import ZH

LANGUAGES = ("en", "zh")
_CATALOGUES = {"zh": ZH}
_default = "en"
_speaking: contextvars.ContextVar = contextvars.ContextVar("course_viz_language", default=None)


def _checked(lang: str) -> str:
    code = str(lang).lower().replace("_", "-")
    code = {"zh-cn": "zh", "zh-hans": "zh", "chinese": "zh", "english": "en"}.get(code, code)
    if code not in LANGUAGES:
        raise ValueError(f"course.viz speaks {' and '.join(map(repr, LANGUAGES))}, "
                         f"not {lang!r}")
    return code


def set_language(lang: str) -> None:
    """Make "zh" (Simplified Chinese) or "en" the language of the pictures made from now on
    (without a CJK font installed, it warns now, and they stay English). "zh" also adds the
    CJK font to matplotlib's font lists, after the others, so your own plots can show
    Chinese: `plt.title(viz.tr("the 32 parts"))`."""
    global _default
    _default = _checked(lang)
    if language_of_now() == "zh":
        from .drawing.fonts import add_cjk_fallback

        add_cjk_fallback()  # the learner's own matplotlib plots (pyplot, Figure) too


def get_language() -> str:
    """The language asked for: the innermost `speaking(...)`, else `set_language`'s."""
    return _speaking.get() or _default


@functools.lru_cache(maxsize=None)
def _drawable(lang: str) -> str:
    if lang == "zh":
        from .drawing.fonts import INSTALL_HINT, cjk_family

        if cjk_family() is None:
            warnings.warn("course.viz: no CJK font found, so the pictures stay in English "
                          "(Chinese would show as empty boxes). To see them in Chinese, "
                          + INSTALL_HINT + ".", stacklevel=3)
            return "en"
    return lang


def language_of_now(lang: str | None = None) -> str:
    """`lang` (or, if None, the current language) as it will be drawn."""
    return _drawable(_checked(lang) if lang is not None else get_language())


@contextlib.contextmanager
def speaking(lang: str | None):
    """Within the block, pictures speak `lang` (None: keep the current language)."""
    token = _speaking.set(language_of_now(lang))
    try:
        yield
    finally:
        _speaking.reset(token)


def speaks(function):
    """Decorator: `function` takes `lang=` ("en"/"zh"/None) and runs in that language."""
    @functools.wraps(function)
    def in_language(*args, lang: str | None = None, **kwargs):
        with speaking(lang):
            return function(*args, **kwargs)
    return in_language


def in_own_language(method):
    """Decorator for a picture's method that (re)draws: it runs in `self.lang`, the language
    the picture was made in, whatever the global setting has become since."""
    @functools.wraps(method)
    def in_language(self, *args, **kwargs):
        with speaking(self.lang):
            return method(self, *args, **kwargs)
    return in_language


def tr(english: str, lang: str | None = None, **fields) -> str:
    """`english` in `lang` (default: the current language), its {fields} filled in."""
    lang = language_of_now(lang)
    text = _CATALOGUES[lang].get(english, english) if lang != "en" else english
    return text.format(**fields) if fields else text
