"""Show one thing in one place: replace what a Jupyter Output widget shows, in place.

`with out: clear_output(); display(obj)` needs a running kernel and briefly shows
an empty widget. Assigning `out.outputs` a single display_data swaps the content
in one state update instead: no flicker, no growing pile of pictures, and it
works (and can be tested) without a kernel. JupyterLab, Notebook 7, VS Code and
Colab all render an Output widget from this `outputs` state.

`wait_until_sent` lets a picture leave the kernel before more work starts.
"""

from __future__ import annotations

import base64


def mime_bundle(obj) -> dict:
    """The display data for `obj`: SVG / PNG when it has `_repr_svg_` / `_repr_png_`, always
    a text fallback."""
    data = {"text/plain": repr(obj)}
    render_svg = getattr(obj, "_repr_svg_", None)
    if render_svg is not None:  # SVG is text: it travels as is
        data["image/svg+xml"] = render_svg()
    render_png = getattr(obj, "_repr_png_", None)
    if render_png is not None:
        # Output widget state is JSON, so binary data travels base64-encoded, as in .ipynb files.
        data["image/png"] = base64.b64encode(render_png()).decode("ascii")
    return data


def show_in(output, obj) -> None:
    """Make the ipywidgets Output `output` show exactly `obj`, replacing what it showed."""
    output.outputs = (
        {"output_type": "display_data", "data": mime_bundle(obj), "metadata": {}},
    )


def wait_until_sent(timeout: float = 0.05) -> None:
    """Wait (at most `timeout` seconds) until the kernel has sent the messages queued so far,
    such as a widget's new picture; returns at once outside a Jupyter kernel.

    ipykernel sends from its IOPub thread, which needs the GIL: a training that goes on after
    a first picture holds the GIL and, on a busy machine, keeps that picture in the kernel
    for tens of milliseconds. Waiting here hands the thread the GIL until the picture is out.
    """
    import threading

    try:
        from IPython import get_ipython

        sender = get_ipython().kernel.iopub_thread
        schedule = sender.schedule
    except (ImportError, AttributeError):    # no IPython, no kernel, or another kernel
        return
    sent = threading.Event()
    schedule(sent.set)   # run by the IOPub thread after what it was given before
    sent.wait(timeout)
