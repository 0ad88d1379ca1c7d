"""The lessons' exercise checks: unanswered, right, wrong, and a hint from the second wrong try
on; the answer itself is never printed."""
from course.exercise import NOT_ANSWERED, Exercise, fingerprint


def _said(capsys, exercise, **verdict):
    exercise.check(**verdict)
    return capsys.readouterr().out.strip()


def test_an_unanswered_exercise_says_so_and_counts_no_try(capsys):
    exercise = Exercise("think of axis 0")
    assert _said(capsys, exercise, answered=False, correct=False) == NOT_ANSWERED
    assert exercise.wrong_tries == 0 and not exercise.solved


def test_the_hint_comes_with_the_second_wrong_try_and_after(capsys):
    exercise = Exercise("think of axis 0")
    first = _said(capsys, exercise, answered=True, correct=False, feedback="You said 7.")
    assert first == "Not yet right. You said 7. Try again; the next check gives a hint."
    second = _said(capsys, exercise, answered=True, correct=False)
    assert second == "Not yet right. Hint: think of axis 0"
    assert "Hint: think of axis 0" in _said(capsys, exercise, answered=True, correct=False)
    assert exercise.wrong_tries == 3 and not exercise.solved


def test_a_right_answer_is_praised_with_its_explanation(capsys):
    exercise = Exercise("hint")
    _said(capsys, exercise, answered=True, correct=False)
    assert _said(capsys, exercise, answered=True, correct=True, solved="1 + 2 = 3.",
                 feedback="never shown when right") == "Right! 1 + 2 = 3."
    assert exercise.solved


def test_fingerprints_tell_answers_apart_without_showing_them():
    assert fingerprint(["b", "d"]) == fingerprint(sorted({"d", "b"}))
    assert len(fingerprint(["b", "d"])) == 16
    assert fingerprint(["b", "d"]) != fingerprint(["b"])


def test_the_checks_speak_chinese_while_the_pictures_do(capsys):
    import course.viz as viz

    viz.set_language("zh")
    try:
        exercise = Exercise("Axis 0 runs down the rows: one sum per column.")
        assert _said(capsys, exercise, answered=False, correct=False) == \
            "还没有作答：把 None 换成你的答案，再运行这个单元格。"
        first = _said(capsys, exercise, answered=True, correct=False, feedback="y is [[1.0]].")
        assert first == "还不对。y 等于 [[1.0]]。再试一次；下一次检查会给出提示。"
        second = _said(capsys, exercise, answered=True, correct=False)
        assert second == "还不对。提示：第 0 轴沿着行往下走：每一列得到一个和。"
        assert _said(capsys, Exercise("h"), answered=True, correct=True,
                     solved="No entry for this one.") == "答对了！No entry for this one."
    finally:
        viz.set_language("en")
    assert _said(capsys, Exercise("h"), answered=True, correct=True) == "Right!"


def test_every_text_the_lessons_give_their_checks_has_a_chinese_entry():
    import ast
    import re
    from pathlib import Path

    from course.exercise_zh import ZH

    texts = set()
    for path in (Path(__file__).resolve().parents[2] / "lessons" / "src").glob("*.py"):
        tree = ast.parse(re.sub(r"^%.*$", "", path.read_text(encoding="utf-8"), flags=re.M))
        for call in ast.walk(tree):
            name = getattr(getattr(call, "func", None), "id", None) or getattr(
                getattr(call, "func", None), "attr", None)
            if isinstance(call, ast.Call) and name in ("Exercise", "check"):
                for arg in [*call.args, *(k.value for k in call.keywords)]:
                    texts |= {s.value for s in ast.walk(arg) if isinstance(s, ast.Constant)
                              and isinstance(s.value, str) and " " in s.value}
    assert len(texts) > 30
    assert sorted(t for t in texts if t not in ZH) == []
