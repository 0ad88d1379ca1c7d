"""``tf.train.Saver``: save variables to checkpoints and restore them.

How it works, and why. A session keeps every variable's value in its variable store
(``session._state.variables``: op name -> ndarray). A checkpoint is a copy of (part of) that
store on disk, so the Saver reads the store to save and writes it to restore, instead of
building Save/Restore ops into the graph as TF does. That choice gives three things:
  * a Saver adds no ops, so it can be made and used after MonitoredSession has finalized the
    graph, and it never clutters the graph a learner is looking at;
  * restore can check EVERY value (present, right shape, right dtype) before writing ANY, so a
    failed restore leaves the session as it was, never half restored;
  * the file is a plain ``np.load``-able archive of named arrays.

Files: ``save(sess, "dir/model.ckpt", global_step=3)`` writes ``dir/model.ckpt-3.npz`` and
updates ``dir/checkpoint``, both atomically (see checkpoint_management), keeps the newest
``max_to_keep`` checkpoints and returns the prefix ``"dir/model.ckpt-3"`` to pass to restore.
"""
import os
import time
import zipfile

import numpy as np

from .. import tf_logging as logging
from ..framework import errors
from ..framework.ops import GraphKeys, Tensor, add_to_collection, get_collection
from ..framework.tensor_shape import TensorShape
from ..framework.unsupported import refuse_unsupported
from ..session import Session
from ..variables import Variable, global_variables
from . import checkpoint_management as cm
from . import training_util


def _saveable_name_and_op(var):
    """The VariableV2 op behind a Variable (or its ref tensor)."""
    if isinstance(var, Variable):
        return var.op
    if isinstance(var, Tensor) and var.op.type == "VariableV2":
        return var.op
    raise TypeError("Variable to save is not a Variable: %s" % (var,))


def _var_map(var_list):
    """{checkpoint key: VariableV2 op} from a list (keys are op names) or a dict."""
    if isinstance(var_list, dict):
        return {key: _saveable_name_and_op(v) for key, v in var_list.items()}
    names = {}
    for v in var_list:
        op = _saveable_name_and_op(v)
        if op.name in names:
            raise ValueError("At least two variables have the same name: %s" % op.name)
        names[op.name] = op
    return names


def _session_store(sess, var_ops):
    """The variable store of ``sess``, whose graph must hold the variables."""
    if not isinstance(sess, Session):
        raise TypeError("'sess' must be a Session; %s" % (sess,))
    if sess._closed:
        raise RuntimeError("Attempted to use a closed Session.")
    for op in var_ops:
        if op.graph is not sess.graph:
            raise ValueError("Variable %s is not an element of the session's graph: use a Saver "
                             "made in the graph the session runs." % op.name)
    return sess._state.variables


def _shape_text(shape):
    return TensorShape(shape).list_str()


class Saver:
    """Saves and restores variables: by default all global variables (model weights, optimizer
    slots, the global step), keyed by their names; ``var_list`` may be a list of variables or a
    dict ``{name in the checkpoint: variable}``."""

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        # reshape, sharded, restore_sequentially, write_version and filename shape TF's files
        # and how it reads them; course writes its own checkpoint format either way.
        refuse_unsupported("tf.train.Saver", saver_def=saver_def, builder=builder)
        if defer_build and var_list:
            raise ValueError("If `var_list` is provided then build cannot be deferred. Either "
                             "set defer_build=False or var_list=None.")
        self._var_list = var_list
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._name = name
        self._last_checkpoints = []           # [(prefix, time saved)]
        self._knows_earlier_checkpoints = False
        self._checkpoints_to_be_deleted = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._vars = None
        self._is_empty = None
        if not defer_build:
            self.build()

    def build(self):
        """Fix the variables to save (the global variables existing now, if none were given)."""
        if self._vars is not None:
            return
        var_list = global_variables() if self._var_list is None else self._var_list
        if not var_list:
            if not self._allow_empty:
                raise ValueError("No variables to save")
            self._is_empty = True
            self._vars = {}
            return
        self._is_empty = False
        self._vars = _var_map(var_list)

    # -- bookkeeping of kept checkpoints ----------------------------------------------------------
    @property
    def last_checkpoints(self):
        """The prefixes of the kept checkpoints, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        self._last_checkpoints = [(p, np.inf) for p in last_checkpoints]
        self._knows_earlier_checkpoints = True

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        self._last_checkpoints = list(last_checkpoints_with_time)
        self._knows_earlier_checkpoints = True

    def recover_last_checkpoints(self, checkpoint_paths):
        """Take over the checkpoints listed in a state file (those that still exist), so this
        Saver keeps deleting the oldest of them."""
        self._last_checkpoints = [(p, os.path.getmtime(cm.data_path(p)))
                                  for p in checkpoint_paths if cm.checkpoint_exists(p)]
        self._knows_earlier_checkpoints = True

    def _adopt_earlier_checkpoints(self, save_dir, latest_filename):
        """Before this Saver's first save: take over the checkpoints an earlier run listed in
        the directory's state file. TF's Saver does not (only MonitoredTrainingSession's restore
        does), so a restarted ``saver.restore(...); saver.save(...)`` script leaves the earlier
        run's checkpoints on disk forever, beyond ``max_to_keep``."""
        self._knows_earlier_checkpoints = True
        state = cm.get_checkpoint_state(save_dir or ".", latest_filename)
        if state is not None:
            self.recover_last_checkpoints(state.all_model_checkpoint_paths)

    def _record_last_checkpoint(self, prefix):
        if not self._max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != prefix]
        self._last_checkpoints.append((prefix, time.time()))
        while len(self._last_checkpoints) > self._max_to_keep:     # more than one after a restart
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix="meta"):
        while self._checkpoints_to_be_deleted:
            prefix, saved_at = self._checkpoints_to_be_deleted.pop(0)
            # keep_checkpoint_every_n_hours: keep one checkpoint per period for good
            if saved_at > self._next_checkpoint_time:
                self._next_checkpoint_time += self._keep_checkpoint_every_n_hours * 3600
                continue
            cm.remove_checkpoint(prefix, meta_graph_suffix=meta_graph_suffix)

    # -- save -------------------------------------------------------------------------------------
    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False):
        """Write the variables' values to ``<save_path>-<global_step>`` (or ``save_path``) and
        return that prefix. ``write_meta_graph`` is accepted; course does not serialize graphs."""
        if self._vars is None:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = training_util.global_step(sess, global_step)
            prefix = ("%s-%08d" if self._pad_step_number else "%s-%d") % (save_path,
                                                                         int(global_step))
        else:
            prefix = save_path
            if os.path.basename(save_path) == latest_filename:
                raise ValueError("'latest_filename' collides with 'save_path': '%s' and '%s'"
                                 % (latest_filename, save_path))
        store = _session_store(sess, self._vars.values())
        save_dir = os.path.dirname(save_path)
        if not os.path.isdir(save_dir or "."):
            # TF's SaveV2 kernel creates the checkpoint's own directory, but not its parents.
            if not os.path.isdir(os.path.dirname(save_dir) or "."):
                raise ValueError("Parent directory of %s doesn't exist, can't save." % save_path)
            os.mkdir(save_dir)
        if self._is_empty:
            return None
        arrays = self._values_to_save(store)
        cm.atomic_write(cm.data_path(prefix), lambda f: write_checkpoint(f, arrays))
        if write_state:
            if not self._knows_earlier_checkpoints and self._max_to_keep:
                self._adopt_earlier_checkpoints(save_dir, latest_filename)
            self._record_last_checkpoint(prefix)
            cm.update_checkpoint_state(save_dir, prefix, self.last_checkpoints, latest_filename)
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        return prefix

    def _values_to_save(self, store):
        arrays = {}
        for key, op in self._vars.items():
            value = store.get(op.name)
            if value is None:
                raise errors.FailedPreconditionError(
                    None, op, "Attempting to use uninitialized value %s\n\t [[node save/SaveV2]]"
                    % op.name)
            value = np.asarray(value)
            if value.dtype.kind == "O":
                raise errors.UnimplementedError(
                    None, op, "Cannot save string variable %s: checkpoints hold numbers only"
                    % op.name)
            arrays[key] = value
        return arrays

    # -- restore ----------------------------------------------------------------------------------
    def restore(self, sess, save_path):
        """Set the variables to the values saved under the prefix ``save_path``. Everything is
        checked first: a missing variable (NotFoundError), a wrong shape or dtype
        (InvalidArgumentError) or an unreadable file (DataLossError) raises before any variable
        is changed."""
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not cm.checkpoint_exists(save_path):
            raise ValueError("The passed save_path is not a valid checkpoint: " + save_path)
        store = _session_store(sess, self._vars.values())
        logging.info("Restoring parameters from %s", save_path)
        saved = read_checkpoint(save_path)
        updates = {}
        for key, op in self._vars.items():
            if key not in saved:
                raise _restore_error(errors.NotFoundError, op, "a Variable name or other graph key "
                                     "that is missing", "Key %s not found in checkpoint" % key)
            value = saved[key]
            dtype = op.get_attr("dtype")
            if value.dtype != dtype.np:
                raise _restore_error(errors.InvalidArgumentError, op, "a mismatch between the "
                                     "current graph and the graph",
                                     "tensor_name = %s; expected dtype %s does not equal original "
                                     "dtype %s" % (key, dtype.name, value.dtype.name))
            static = op.get_attr("shape")
            if not static.is_compatible_with(TensorShape(value.shape)):
                raise _restore_error(errors.InvalidArgumentError, op, "a mismatch between the "
                                     "current graph and the graph",
                                     "Assign requires shapes of both tensors to match. Variable "
                                     "%s has shape %s in the graph but the checkpoint holds "
                                     "shape %s (key %s)" % (op.name, static.list_str(),
                                                             _shape_text(value.shape), key))
            updates[op.name] = value
        store.update(updates)

    def as_saver_def(self):
        return None


def _restore_error(cls, op, cause, detail):
    return cls(None, op, "Restoring from checkpoint failed. This is most likely due to %s from "
               "the checkpoint. Please ensure that you have not altered the graph expected based "
               "on the checkpoint. Original error:\n\n%s" % (cause, detail))


def write_checkpoint(file, arrays):
    """Write {name: ndarray} to an open binary file as an .npz archive (what np.savez writes,
    with pickles refused)."""
    with zipfile.ZipFile(file, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for name, value in arrays.items():
            with zf.open(name + ".npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, value, allow_pickle=False)


def read_checkpoint(prefix):
    """All arrays of the checkpoint ``prefix``: {name: ndarray}. A file that is not a whole,
    readable checkpoint raises DataLossError naming it."""
    path = cm.data_path(prefix)
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except FileNotFoundError:
        raise errors.NotFoundError(None, None, "Checkpoint %s not found: no file %s"
                                   % (prefix, path)) from None
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as e:
        raise errors.DataLossError(
            None, None, "Unable to read checkpoint file %s: Data loss: %s: %s (the file is "
            "truncated or corrupted; restore an earlier checkpoint)" % (path, type(e).__name__, e)
        ) from None


def _get_saver_or_default():
    """The graph's one Saver (collection SAVERS), made over all global variables if absent."""
    savers = get_collection(GraphKeys.SAVERS)
    if savers:
        if len(savers) > 1:
            raise RuntimeError("More than one item in collection %s. Please indicate which one "
                               "to use by passing it to the constructor." % GraphKeys.SAVERS)
        return savers[0]
    saver = Saver(sharded=True, allow_empty=True)
    add_to_collection(GraphKeys.SAVERS, saver)
    return saver
