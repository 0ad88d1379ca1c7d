"""Checks for the lessons' exercises: right or not yet, never the answer.

An `Exercise` is made once, in a cell before the exercise, so that it counts the learner's
tries: the first wrong answer gets "try again", every later one the hint too. An exercise
whose answer is a fixed value compares a `fingerprint` of it, so the check cell does not
show the answer in plain text.

While `course.viz.set_language("zh")` is in effect (the Chinese lessons' first cell), the
checks speak Chinese: their texts are looked up in `course.exercise_zh` by their English.
"""
import hashlib
import re

from course.exercise_zh import ZH

NOT_ANSWERED = "Not answered yet: replace None with your answer and run the cell again."


def fingerprint(value):
    """A short digest of repr(value) (canonicalise first: sorted(...), round(...))."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:16]


class Exercise:
    def __init__(self, hint, not_answered=NOT_ANSWERED):
        self.hint = hint
        self.not_answered = not_answered
        self.wrong_tries = 0
        self.solved = False

    def check(self, answered, correct, feedback="", solved=""):
        """Print the verdict (and keep it in .solved). `feedback` describes the learner's own
        answer (e.g. the loss it gives); `solved` is said only once the answer is right."""
        if not answered:
            print(_said(self.not_answered))
            return
        self.solved = bool(correct)
        if correct:
            print(_sentences(_said("Right!"), _said(solved)))
            return
        self.wrong_tries += 1
        then = (_said("Hint:") + _space() + _said(self.hint) if self.wrong_tries > 1
                else _said("Try again; the next check gives a hint."))
        print(_sentences(_said("Not yet right."), _said(feedback), then))


def _chinese() -> bool:
    from course.viz.language import get_language

    return get_language() == "zh"


_DIRECTIVE = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[sdgfr]")


def _said(text: str) -> str:
    """`text` as the learner reads it: in Chinese while the pictures speak Chinese (a text
    with no entry stays English)."""
    if not text or not _chinese():
        return text
    if text in ZH:
        return ZH[text]
    for english, chinese in ZH.items():   # a filled-in template: "y is %s." -> "y is [[1.0]]."
        if "%" in english:
            pattern = "".join("(.+?)" if _DIRECTIVE.fullmatch(part) else re.escape(part)
                              for part in re.split("(" + _DIRECTIVE.pattern + ")", english))
            found = re.fullmatch(pattern, text, re.S)
            if found:
                return _DIRECTIVE.sub("%s", chinese) % found.groups()
    return text


def _space() -> str:
    return "" if _chinese() else " "   # Chinese sentences follow each other without a space


def _sentences(*parts) -> str:
    return _space().join(p for p in parts if p).strip()
