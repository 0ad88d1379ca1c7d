"""Checks for the lessons' exercises: right or not yet, never the answer.

An `Exercise` is made once, in a cell before the exercise, so that it counts the learner's
tries: the first wrong answer gets "try again", every later one the hint too. An exercise
whose answer is a fixed value compares a `fingerprint` of it, so the check cell does not
show the answer in plain text.
"""
import hashlib

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
            print(self.not_answered)
            return
        self.solved = bool(correct)
        if correct:
            print(" ".join(("Right!", solved)).strip())
            return
        self.wrong_tries += 1
        words = ["Not yet right.", feedback]
        words.append("Hint: " + self.hint if self.wrong_tries > 1
                     else "Try again; the next check gives a hint.")
        print(" ".join(w for w in words if w))
