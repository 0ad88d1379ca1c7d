"""Sub-graphs: the ops of a while loop's body (and condition) or of one tf.cond branch.

While a sub-graph is entered (``with subgraph:``), every op the graph creates belongs to it.
Its ops live in the graph like any others (named ``while/add``, ``cond/mul``, drawn in
pictures), but only the op that runs the sub-graph (While, If) consumes them: the session
compiles a sub-graph into its own small plan, which that op's kernel calls.

What crosses a sub-graph's border is recorded as the ops are created:
  * ``captures``: tensors from enclosing graphs that its ops read (TF1 routes them through
    Enter/Switch ops; here they become inputs of the While/If op, so pruning, ordering and
    gradients see them);
  * ``external_control``: control inputs on outside ops (they become the While/If op's);
  * ``tape`` (of a forward sub-graph) and ``tape_reads`` (of its gradient's sub-graph): the
    forward values a gradient needs. The forward op records them on every run (per iteration
    for a loop) and hands them to the gradient op as one variant value.
"""


class SubGraph:
    """The ops of one body or branch, and what crosses its border."""

    def __init__(self, graph, kind, name, forward=None):
        self.graph = graph
        self.kind = kind              # "while", "cond", or their gradients "while_grad", ...
        self.name = name              # its name scope ("while", "cond_1", ...)
        self.parent = graph._control_flow_context
        self.forward = forward        # for a gradient: the sub-graph whose tape it reads
        self.ops = []
        self.inputs = []              # LoopVar tensors: the loop variables inside the body
        self.outputs = []             # the body's next loop variables, or the branch's results
        self.pred = None              # a loop's condition (in the same sub-graph)
        self.captures = []
        self.external_control = []
        self.tape = []
        self.tape_reads = []
        self.op = None                # the While/If op that runs it, once built

    def __enter__(self):
        self._saved = self.graph._control_flow_context
        self.graph._control_flow_context = self
        return self

    def __exit__(self, *exc):
        self.graph._control_flow_context = self._saved

    def is_loop(self):
        return self.kind.startswith("while")

    def add_op(self, op):
        """Record an op created inside: where its inputs come from, which controls stay."""
        self.ops.append(op)
        for t in op.inputs:
            self.take(t)
        outside = [c for c in op._control_inputs if not _inside(c, self)]
        if outside:
            op._control_inputs = type(op._control_inputs)(
                c for c in op._control_inputs if c not in outside)
            self.external_control.extend(c for c in outside if c not in self.external_control)

    def take(self, tensor):
        """Make ``tensor`` readable here: its own, a capture, or a forward value from the tape."""
        ctx = tensor.op._control_flow_context
        if ctx is self:
            return
        if self.forward is not None and ctx is self.forward:
            if tensor not in self.tape_reads:
                self.tape_reads.append(tensor)
                if tensor not in self.forward.tape:
                    self.forward.tape.append(tensor)
            return
        # From an enclosing graph, or (for a gradient) from an enclosing forward graph: either
        # way the While/If op built in the parent takes it as an input, and the parent checks it.
        if tensor not in self.captures:
            self.captures.append(tensor)

    def __repr__(self):
        return "<SubGraph %s (%s) with %d ops>" % (self.name, self.kind, len(self.ops))


def _inside(op, subgraph):
    ctx = op._control_flow_context
    while ctx is not None:
        if ctx is subgraph:
            return True
        ctx = ctx.parent
    return False


def context_of(tensor_or_op):
    op = getattr(tensor_or_op, "_op", tensor_or_op)
    return op._control_flow_context


def check_input_context(op, tensor):
    """TF1's rule for an op outside every loop and branch: it cannot read their values."""
    ctx = tensor.op._control_flow_context
    if ctx is None:
        return
    if ctx.is_loop():
        raise ValueError("Cannot use '%s' as input to '%s' because '%s' is in a while loop."
                         % (tensor.op.name, op.name, tensor.op.name))
    raise ValueError("Cannot use '%s' as input to '%s' because '%s' is in a tf.cond branch: "
                     "course computes a branch's values only inside the cond. Return it from "
                     "the branch function instead." % (tensor.op.name, op.name, tensor.op.name))
