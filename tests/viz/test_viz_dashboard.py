"""course.viz.dashboard: Görner's dashboard records what the model does and shows it in place."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest
from example_models import gorner_softmax

import course as tf
from course.datasets import load_mnist
from course.viz.dashboard import (
    LABEL_STRIP,
    PERCENTILES,
    DashboardHook,
    class_of,
    digit_grid,
    misclassified_first,
    percentile_rows,
)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(one_hot=True, reshape=False, seed=0)


class FakeDisplay:
    """IPython's display, counted: display(obj, display_id=True) returns a handle to update."""

    def __init__(self):
        self.displays, self.updates = [], []

    def __call__(self, obj, display_id=False):
        self.displays.append(display_id)
        self.updates_of_this_handle = self.updates
        png = obj._repr_png_()
        assert png.startswith(b"\x89PNG")
        return self

    def update(self, obj):
        self.updates.append(obj._repr_png_())


def softmax_model(test_images, test_labels, **kwargs):
    """Görner's model, and the dashboard over it (test set cut to 300 digits for speed)."""
    m = gorner_softmax()
    hook = DashboardHook(m["accuracy"], m["cross_entropy"], m["Y"], m["X"], m["Y_"], m["W"],
                         m["b"], test_images[:300], test_labels[:300], **kwargs)
    return hook, m["train_step"], (m["X"], m["Y_"], m["W"], m["b"], m["accuracy"],
                                   m["cross_entropy"])


# ------------------------------------------------------------ the numbers


def test_misclassified_come_first_in_their_original_order():
    computed = np.array([1, 2, 3, 4, 5, 6])
    correct = np.array([1, 0, 3, 0, 5, 0])
    np.testing.assert_array_equal(misclassified_first(computed, correct), [1, 3, 5, 0, 2, 4])
    np.testing.assert_array_equal(class_of(np.eye(3)[[2, 0]]), [2, 0])
    np.testing.assert_array_equal(class_of([4, 1]), [4, 1])


def test_digit_grid_puts_wrong_digits_first_on_red():
    images = np.zeros((4, 28, 28, 1), np.float32)
    for i in range(4):
        images[i, 10:18, 10 + i] = 1.0  # a stroke, different in each image
    computed, correct = np.array([0, 1, 2, 3]), np.array([0, 9, 2, 9])
    canvas, order, cols = digit_grid(images, computed, correct, 4, columns=2)
    np.testing.assert_array_equal(order, [1, 3, 0, 2])
    height = 28 + LABEL_STRIP   # a white strip under each digit for its label
    assert cols == 2 and canvas.shape == (2 * height, 56, 3)
    first, third = canvas[:28, :28], canvas[height:height + 28, :28]
    assert canvas[28:height].min() == 1.0
    assert first[0, 0].tolist() == pytest.approx([1.0, 0.78, 0.78])  # red background: wrong
    assert third[0, 0].tolist() == [1.0, 1.0, 1.0]  # white: right
    assert first[12, 11].max() < 0.1  # image 1's ink, dark
    assert third[12, 10].max() < 0.1  # image 0's ink


def test_percentiles_of_the_values():
    rows = percentile_rows(np.arange(101.0))
    np.testing.assert_array_equal(rows, PERCENTILES)
    np.testing.assert_array_equal(percentile_rows([np.zeros(2), np.ones((2, 1))]),
                                  [0, 0, 0, 0.5, 1, 1, 1])


# ------------------------------------------------------------ with a MonitoredTrainingSession


def test_hook_records_and_updates_one_display(mnist):
    fake = FakeDisplay()
    hook, train_step, (X, Y_, W, *_) = softmax_model(
        mnist.test.images, mnist.test.labels, every_n_steps=10, display_every_n_steps=20,
        display=fake)
    with tf.train.MonitoredTrainingSession(hooks=[hook], save_checkpoint_secs=None,
                                           save_summaries_steps=None,
                                           log_step_count_steps=None) as sess:
        for _ in range(45):
            batch_X, batch_Y = mnist.train.next_batch(100)
            sess.run(train_step, {X: batch_X, Y_: batch_Y})
        raw = sess._tf_sess
        final_W = raw.run(W)
    # Redrawn at steps 0, 20, 40 (and at the end, had anything changed): ONE display, then
    # updates of it.
    assert fake.displays == [True]
    assert len(fake.updates) == 2
    h = hook.history
    assert h["step"] == [0, 10, 20, 30, 40]
    assert h["train_accuracy"][0] == pytest.approx(0.1, abs=0.1)  # W = 0: all scores equal
    assert h["test_accuracy"][-1] > 0.7 and h["test_accuracy"][-1] > h["test_accuracy"][0]
    assert h["train_cross_entropy"][0] == pytest.approx(100 * np.log(10), rel=1e-5)
    # The summed test cross-entropy is averaged per 100 digits: on the batch's scale.
    assert h["test_cross_entropy"][0] == pytest.approx(100 * np.log(10), rel=1e-5)
    assert np.array(h["weights"]).shape == (5, 7) and np.all(np.array(h["weights"])[0] == 0)
    # W's percentiles, taken before each step's update (at step 0, W is still all zeros).
    assert h["weights"][1][0] < 0 < h["weights"][1][-1]
    assert h["weights"][-1][-1] < final_W.max()


def test_test_values_equal_a_direct_evaluation(mnist):
    hook, _, (X, Y_, W, _, accuracy, cross_entropy) = softmax_model(
        mnist.test.images, mnist.test.labels, display=FakeDisplay())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([tf.assign(W, np.random.RandomState(0).randn(784, 10).astype(np.float32)
                            * 0.01)])
        hook.update(0, sess, batch=mnist.train.next_batch(100))
        direct = sess.run(accuracy, {X: mnist.test.images[:300], Y_: mnist.test.labels[:300]})
        direct_xent = sess.run(cross_entropy, {X: mnist.test.images[:300],
                                               Y_: mnist.test.labels[:300]})
    assert hook.history["test_accuracy"][0] == pytest.approx(float(direct), abs=1e-6)
    assert hook.history["test_cross_entropy"][0] == pytest.approx(direct_xent / 3, rel=1e-5)


# ------------------------------------------------------------ with a plain Session loop


def trained_dashboard(mnist, steps=31, display_every_n_steps=10):
    fake = FakeDisplay()
    data = load_mnist(one_hot=True, reshape=False, seed=0)  # its own batches: reproducible
    hook, train_step, (X, Y_, *_) = softmax_model(
        mnist.test.images, mnist.test.labels, every_n_steps=5,
        display_every_n_steps=display_every_n_steps, display=fake, title="softmax")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(steps):
            batch_X, batch_Y = data.train.next_batch(100)
            hook.update(i, sess, batch=(batch_X, batch_Y))
            sess.run(train_step, {X: batch_X, Y_: batch_Y})
    hook.refresh()
    return hook, fake


@pytest.fixture(scope="module")
def trained(mnist):
    return trained_dashboard(mnist)


def test_plain_loop_updates_every_n_steps_and_one_display(trained):
    hook, fake = trained
    assert hook.history["step"] == [0, 5, 10, 15, 20, 25, 30]
    # Displayed at step 0, updated at 10, 20, 30; the final refresh has nothing new to show.
    assert fake.displays == [True] and len(fake.updates) == 3
    hook.refresh()
    assert len(fake.updates) == 3


def test_figure_panels_and_misclassified_labels(trained):
    hook, _ = trained
    figure = hook.figure()
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert len(titles) == 6
    for start in ("accuracy: test", "cross-entropy: test", "training digits", "weights (W)",
                  "biases (b)", "test digits"):
        assert any(t.startswith(start) for t in titles), (start, titles)
    accuracy_ax, weights_ax, test_ax = figure.axes[0], figure.axes[3], figure.axes[5]
    assert [line.get_label() for line in accuracy_ax.lines] == ["train (batch)", "test"]
    assert len(weights_ax.collections) == 3  # 0-100, 10-90 and 25-75 bands
    assert [t.get_text() for t in weights_ax.get_legend().get_texts()] == [
        "0–100%", "10–90%", "25–75%", "median"]
    # Test digits: one "computed/correct" label per wrong answer shown, in the grid's order.
    _, computed, correct = hook.test_digits
    wrong = np.flatnonzero(computed != correct)
    labels = [t.get_text() for t in test_ax.texts]
    assert labels == [f"{computed[i]}/{correct[i]}" for i in wrong[:100]]
    assert f"{len(wrong)} of 300 wrong" in test_ax.get_title(loc="left")
    assert figure._suptitle.get_text().startswith("softmax: step 30: test accuracy")


def test_png_is_identical_across_renders(mnist):
    first, _ = trained_dashboard(mnist, steps=11, display_every_n_steps=100)
    second, _ = trained_dashboard(mnist, steps=11, display_every_n_steps=100)
    png = first.to_png()
    assert png.startswith(b"\x89PNG") and png == first.to_png() == second.to_png()


def test_update_needs_a_batch_and_refresh_needs_data():
    hook = DashboardHook(*[None] * 7, np.zeros((1, 784)), np.zeros((1, 10)),
                         display=FakeDisplay())
    hook.refresh()  # nothing recorded: nothing shown
    assert hook._display.displays == []
    with pytest.raises(ValueError, match="batch"):
        hook.update(0, session=None)
    assert hook.update(3, session=None) is False  # not an evaluation step
    assert "nothing recorded" in repr(hook)


def test_outside_a_kernel_nothing_is_printed(mnist, capsys):
    hook, *_ = softmax_model(mnist.test.images, mnist.test.labels)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hook.update(0, sess, batch=mnist.train.next_batch(100))
    hook.refresh()
    assert capsys.readouterr().out == ""


def test_works_as_a_hook_of_a_plain_session_through_hooked_session(mnist):
    from course.viz import HookedSession

    fake = FakeDisplay()
    hook, train_step, (X, Y_, *_) = softmax_model(mnist.test.images, mnist.test.labels,
                                                  every_n_steps=4, display_every_n_steps=8,
                                                  display=fake)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hooked = HookedSession(sess, [hook])
        for _ in range(13):
            batch_X, batch_Y = mnist.train.next_batch(100)
            hooked.run(train_step, {X: batch_X, Y_: batch_Y})
        hooked.close()
    assert hook.history["step"] == [0, 4, 8, 12]
    assert fake.displays == [True] and len(fake.updates) == 2  # step 8, then 12 at the end
