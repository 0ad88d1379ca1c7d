"""``tf.train.SessionManager``: make a session whose variables are ready, by restoring the
latest checkpoint of a directory or, if there is none, by running the init op."""
import time

import numpy as np

from .. import tf_logging as logging
from ..framework import errors
from ..framework.ops import get_default_graph
from ..session import Session
from . import checkpoint_management


def _maybe_name(obj):
    if obj is None:
        return "None"
    return getattr(obj, "name", "<no name for %s>" % type(obj))


class SessionManager:
    def __init__(self, local_init_op=None, ready_op=None, ready_for_local_init_op=None,
                 graph=None, recovery_wait_secs=30, local_init_run_options=None,
                 local_init_feed_dict=None, fall_back_to_earlier_checkpoint=False):
        if ready_for_local_init_op is not None and local_init_op is None:
            raise ValueError("If you pass a ready_for_local_init_op you must also pass a "
                             "local_init_op , ready_for_local_init_op [%s]"
                             % ready_for_local_init_op)
        self._local_init_op = local_init_op
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._graph = graph if graph is not None else get_default_graph()
        self._recovery_wait_secs = recovery_wait_secs
        self._local_init_run_options = local_init_run_options
        self._local_init_feed_dict = local_init_feed_dict
        self._fall_back = fall_back_to_earlier_checkpoint

    def _restore_checkpoint(self, master, saver=None, checkpoint_dir=None,
                            checkpoint_filename_with_path=None, wait_for_checkpoint=False,
                            max_wait_secs=7200, config=None):
        """A new session, restored from a checkpoint when one is given or found: (sess, bool)."""
        sess = Session(master, graph=self._graph, config=config)
        if checkpoint_dir and checkpoint_filename_with_path:
            raise ValueError("Can not provide both checkpoint_dir and "
                             "checkpoint_filename_with_path.")
        if not saver or not (checkpoint_dir or checkpoint_filename_with_path):
            return sess, False
        if checkpoint_filename_with_path:
            saver.restore(sess, checkpoint_filename_with_path)
            return sess, True
        waited = 0
        state = checkpoint_management.get_checkpoint_state(checkpoint_dir)
        while not state or not state.model_checkpoint_path:
            if wait_for_checkpoint and waited < max_wait_secs:
                logging.info("Waiting for checkpoint to be available.")
                time.sleep(self._recovery_wait_secs)
                waited += self._recovery_wait_secs
                state = checkpoint_management.get_checkpoint_state(checkpoint_dir)
            else:
                return sess, False
        self._restore_latest_readable(sess, saver, state)
        saver.recover_last_checkpoints(state.all_model_checkpoint_paths)
        return sess, True

    def _restore_latest_readable(self, sess, saver, state):
        """Restore the state's latest checkpoint; if it is damaged (DataLossError) and the
        fallback is on, the newest earlier one that reads back whole."""
        try:
            saver.restore(sess, state.model_checkpoint_path)
            return
        except errors.DataLossError:
            if not self._fall_back:
                raise
            failed = state.model_checkpoint_path
            for path in reversed(state.all_model_checkpoint_paths):
                if path == state.model_checkpoint_path:
                    continue
                logging.warning("Checkpoint %s cannot be read (DataLossError); falling back to "
                                "the earlier checkpoint %s", failed, path)
                try:
                    saver.restore(sess, path)
                    return
                except (errors.DataLossError, ValueError):     # damaged, or gone
                    failed = path
            raise           # none reads back: the latest one's DataLossError

    def prepare_session(self, master, init_op=None, saver=None, checkpoint_dir=None,
                        checkpoint_filename_with_path=None, wait_for_checkpoint=False,
                        max_wait_secs=7200, config=None, init_feed_dict=None, init_fn=None):
        """A session with every variable ready: restored, else initialized by ``init_op`` /
        ``init_fn``; then the local init op. RuntimeError if the model is still not ready."""
        sess, restored = self._restore_checkpoint(
            master, saver, checkpoint_dir=checkpoint_dir,
            checkpoint_filename_with_path=checkpoint_filename_with_path,
            wait_for_checkpoint=wait_for_checkpoint, max_wait_secs=max_wait_secs, config=config)
        if not restored:
            if init_op is None and not init_fn and self._local_init_op is None:
                raise RuntimeError("Model is not initialized and no init_op or init_fn or "
                                   "local_init_op was given")
            if init_op is not None:
                sess.run(init_op, feed_dict=init_feed_dict)
            if init_fn:
                init_fn(sess)
        local_init_success, msg = self._try_run_local_init_op(sess)
        if not local_init_success:
            raise RuntimeError("Init operations did not make model ready for local_init.  Init "
                               "op: %s, init fn: %s, error: %s"
                               % (_maybe_name(init_op), init_fn, msg))
        is_ready, msg = self._model_ready(sess)
        if not is_ready:
            raise RuntimeError("Init operations did not make model ready.  Init op: %s, init "
                               "fn: %s, local_init_op: %s, error: %s"
                               % (_maybe_name(init_op), init_fn, self._local_init_op, msg))
        return sess

    def recover_session(self, master, saver=None, checkpoint_dir=None,
                        checkpoint_filename_with_path=None, wait_for_checkpoint=False,
                        max_wait_secs=7200, config=None):
        sess, restored = self._restore_checkpoint(
            master, saver, checkpoint_dir=checkpoint_dir,
            checkpoint_filename_with_path=checkpoint_filename_with_path,
            wait_for_checkpoint=wait_for_checkpoint, max_wait_secs=max_wait_secs, config=config)
        local_init_success, msg = self._try_run_local_init_op(sess)
        if not restored:
            return sess, False
        if not local_init_success:
            logging.info("Restoring model from %s did not make model ready for local init: %s",
                         checkpoint_dir or checkpoint_filename_with_path, msg)
            return sess, False
        is_ready, msg = self._model_ready(sess)
        if not is_ready:
            logging.info("Restoring model from %s did not make model ready: %s",
                         checkpoint_dir or checkpoint_filename_with_path, msg)
            return sess, False
        logging.info("Restored model from %s", checkpoint_dir or checkpoint_filename_with_path)
        return sess, True

    def wait_for_session(self, master, config=None, max_wait_secs=float("Inf")):
        """A session once the model is ready. In TF a chief process initializes the variables
        while workers wait; in course every Session has its own variables and no other process
        exists, so a model that is not ready now never will be: DeadlineExceededError at once
        (instead of TF's wait of ``max_wait_secs``)."""
        sess = Session(master, graph=self._graph, config=config)
        local_init_success, not_ready_msg = self._try_run_local_init_op(sess)
        if local_init_success:
            is_ready, not_ready_msg = self._model_ready(sess)
            if is_ready:
                return sess
        sess.close()
        raise errors.DeadlineExceededError(
            None, None, "Session was not ready (%s), and in course no chief process will "
            "initialize it: use is_chief=True (or a ChiefSessionCreator)." % not_ready_msg)

    def _model_ready(self, sess):
        return _ready(self._ready_op, sess, "Model not ready")

    def _model_ready_for_local_init(self, sess):
        return _ready(self._ready_for_local_init_op, sess, "Model not ready for local init")

    def _try_run_local_init_op(self, sess):
        if self._local_init_op is not None:
            is_ready, msg = self._model_ready_for_local_init(sess)
            if not is_ready:
                return False, msg
            logging.info("Running local_init_op.")
            sess.run(self._local_init_op, feed_dict=self._local_init_feed_dict,
                     options=self._local_init_run_options)
            logging.info("Done running local_init_op.")
        return True, None


def _ready(op, sess, msg):
    """(True, None) if ``op`` (a report of uninitialized variables) reports none."""
    if op is None:
        return True, None
    try:
        ready_value = sess.run(op)
    except errors.FailedPreconditionError as e:
        if "uninitialized" not in str(e):
            logging.warning("%s : error [%s]", msg, str(e))
            raise
        return False, str(e)
    if ready_value is None or np.size(ready_value) == 0:
        return True, None
    names = ", ".join(n.decode("utf-8") if isinstance(n, bytes) else str(n)
                      for n in np.ravel(ready_value))
    return False, "Variables not initialized: " + names
