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
