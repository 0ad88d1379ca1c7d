"""Pictures in Chinese: the catalogue covers every text, lang= and set_language switch the
words, Chinese is drawn with a CJK font (no tofu), and without one the pictures stay English."""
import ast
import re
import string
import warnings
from pathlib import Path

import numpy as np
import pytest

import course.viz as viz
from course.viz import graph_diagram, language, reduction_pictures
from course.viz.drawing import fonts
from course.viz.translations import ZH

VIZ = Path(viz.__file__).parent


def _fields(text):
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _texts_passed_to_tr():
    found = set()
    lessons = VIZ.parents[1] / "lessons" / "src"   # their own plots use viz.tr too
    for path in [*VIZ.glob("*.py"), *lessons.glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        for call in re.finditer(r'\btr\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', source):
            found.add(ast.literal_eval("(" + call.group(1) + ")"))  # adjacent literals join
    return found


def test_every_text_given_to_tr_has_a_chinese_entry_with_the_same_fields():
    texts = _texts_passed_to_tr()
    texts |= {style[3] for style in graph_diagram._KIND_STYLE.values()}
    texts |= {style[3] for style in graph_diagram._EDGE_STYLE.values()}
    texts |= {style[3] for style in graph_diagram._CONTROL_STYLE.values()}
    texts |= set(reduction_pictures._FATES.values()) | set(reduction_pictures._NOUNS.values())
    texts.add(graph_diagram._SCOPE_LEGEND)
    texts |= {"stochastic (batch 1)", "mini-batch (32)", "batch (all 500)"}  # lesson 04's names
    assert len(texts) > 60
    missing = sorted(t for t in texts if t not in ZH)
    assert not missing
    assert all(_fields(ZH[t]) == _fields(t) for t in texts)


def test_set_language_checks_its_argument_and_lang_overrides_it():
    with pytest.raises(ValueError, match="'en' and 'zh'"):
        viz.set_language("fr")
    ones = [[1, 1, 1], [1, 1, 1]]
    try:
        viz.set_language("zh-CN")
        assert viz.get_language() == "zh"
        assert "和" in reduction_pictures._flow_label(viz.reduce_axes(ones, axis=1))
        assert viz.reduce_axes(ones, axis=1, lang="en").lang == "en"
    finally:
        viz.set_language("en")
    picture = viz.reduce_axes(ones, axis=1, lang="zh")
    assert picture.lang == "zh" and language.get_language() == "en"


def test_a_graph_diagram_legend_speaks_the_language_it_was_asked_for():
    import course as tf

    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable(tf.ones([2, 1]), name="w")
        loss = tf.reduce_mean(tf.matmul(x, w))
        zh = viz.draw_graph(loss, lang="zh")
        en = viz.draw_graph(loss)
    legend = lambda d: {s.text for s in d.scene.of_role("legend") if hasattr(s, "text")}
    assert {"占位符（由 feed 喂入）", "变量（保存状态）"} <= legend(zh)
    assert {"placeholder (fed)", "variable (state)"} <= legend(en)
    assert "WenQuanYi Micro Hei" in zh._repr_svg_() or "Noto Sans CJK SC" in zh._repr_svg_()


def test_chinese_text_is_measured_wider_than_latin():
    assert fonts.is_wide("梯") and not fonts.is_wide("g")
    from course.viz.drawing.svg import text_width
    assert text_width("梯度", 10) == pytest.approx(20.0)
    assert text_width("ab", 10) == pytest.approx(12.04)


@pytest.mark.skipif(fonts.cjk_family() is None, reason="no CJK font installed here")
def test_chinese_pngs_have_every_glyph():
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # matplotlib warns "Glyph ... missing from font(s)"
        png = viz.reduce_axes(np.arange(6).reshape(2, 3), axis=1, op="mean", lang="zh").to_png()
        race = viz.optimizer_race("saddle", steps=20, lang="zh")
        race_png = race.to_png()
    assert png.startswith(b"\x89PNG") and race_png.startswith(b"\x89PNG")
    from matplotlib.text import Text
    texts = [t.get_text() for t in race.figure.findobj(Text)]
    assert any("鞍点" in t for t in texts)


def test_without_a_cjk_font_pictures_stay_english_and_say_why(monkeypatch):
    monkeypatch.setattr(fonts, "cjk_family", lambda: None)
    language._drawable.cache_clear()
    try:
        with pytest.warns(UserWarning, match="no CJK font found.*fonts-wqy-microhei"):
            picture = viz.reduce_axes([[1, 2]], axis=1, lang="zh")
        assert picture.lang == "en"
        assert "sum over axis 1" in reduction_pictures._flow_label(picture)
    finally:
        language._drawable.cache_clear()


def test_the_catalogue_has_each_english_text_once():
    tree = ast.parse((VIZ / "translations.py").read_text(encoding="utf-8"))
    catalogue = next(node.value for node in tree.body if isinstance(node, ast.Assign))
    keys = [ast.literal_eval(key) for key in catalogue.keys]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


@pytest.mark.skipif(fonts.cjk_family() is None, reason="no CJK font installed here")
def test_set_language_zh_lets_the_learners_own_figures_draw_chinese():
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context():
        viz.set_language("zh")
        try:
            figure = Figure()
            figure.subplots().set_title(viz.tr("the 32 parts"))
            with warnings.catch_warnings():
                warnings.simplefilter("error")   # "Glyph ... missing from font(s)"
                figure.savefig(__import__("io").BytesIO(), format="png")
        finally:
            viz.set_language("en")
