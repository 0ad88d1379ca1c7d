"""Each lesson, run with its exercises solved, says "Right!" for every check: the checks accept
the right answers (nbval only sees the unsolved lessons, which say "Not answered yet")."""
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

LESSONS = pathlib.Path(__file__).resolve().parents[2] / "lessons"

# lesson -> [(the unsolved line, the solution), ...]; one "Right!" is expected per line.
SOLUTIONS = {
    "00_start_here": [
        ("my_feed = None", "my_feed = [[2.0, -1.0]]"),
    ],
    "01_loss_and_optimizers": [
        ("sum_axis_0 = None", "sum_axis_0 = [4, 1, 3]"),
        ("sum_axis_1 = None", "sum_axis_1 = [3, 5]"),
        ("mean_axis_1 = None", "mean_axis_1 = [1, 1]"),
        ("l2_answer = None", "l2_answer = 12.5"),
        ("kernels_only = None",
         "kernels_only = [v for v in tf.trainable_variables() if v.name.endswith('kernel:0')]"),
    ],
    "02_backprop_pku": [
        ("my_learning_rate = None", "my_learning_rate = 0.005"),
        ("new_w2 = None", "new_w2 = w2_start - 0.001 * grad_w2"),
        ("my_answer = None", "my_answer = {'d', 'b'}"),
    ],
    "03_mnist_softmax": [
        ("answer_1 = None", "answer_1 = (250, 784)"),
        ("    return None          # <- your numpy code",
         ("    return np.mean(np.argmax(probabilities, 1) == np.argmax(labels, 1))")),
        ("mean_learning_rate = None", "mean_learning_rate = 3.0"),
    ],
    "04_optimization_steps": [
        ("        raise NotImplementedError          # <- replace this line with your code",
         ("        self.after_run(None, tf.train.SessionRunValues(\n"
          "            results=session.run(global_step), options=None, run_metadata=None))")),
        ("answer_2 = None", "answer_2 = False"),
        ("answer_3 = None", "answer_3 = min(saddle.optimizers, key=lambda n: saddle.left_view_at(n) or 10**9)"),
    ],
}


@pytest.mark.parametrize("lesson", sorted(SOLUTIONS))
def test_solved_lesson_says_right_to_every_check(lesson):
    notebook = nbformat.read(LESSONS / (lesson + ".ipynb"), as_version=4)
    for unsolved, solution in SOLUTIONS[lesson]:
        cells = [c for c in notebook.cells if c.cell_type == "code" and unsolved in c.source]
        assert len(cells) == 1, "%s: %r is not in exactly one cell" % (lesson, unsolved)
        cells[0].source = cells[0].source.replace(unsolved, solution)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(LESSONS)}}).execute()
    said = [line for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if output.output_type == "stream"
            for line in output.text.splitlines()]
    verdicts = [line for line in said if "Right!" in line or "Not yet right" in line
                or "Not answered yet" in line]
    assert verdicts and all("Right!" in line for line in verdicts), verdicts
    assert len(verdicts) == len(SOLUTIONS[lesson])
