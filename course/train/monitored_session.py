"""MonitoredSession and MonitoredTrainingSession: a session that initializes or restores the
model, runs hooks around every ``run``, and knows when training should stop.

What happens, in TF's order::

    sess = MonitoredTrainingSession(checkpoint_dir=..., hooks=[...])   # or MonitoredSession
        hook.begin() for every hook           # hooks may still add ops here
        scaffold.finalize()                   # default init/ready ops and Saver; the graph is
                                              # FINALIZED: adding an op now raises RuntimeError
        restore the latest checkpoint of checkpoint_dir, or run the init op
        hook.after_create_session(raw_session, coord)
    while not sess.should_stop():
        sess.run(train_op)                    # each hook's before_run fetches/feeds are merged
                                              # into this run; after_run sees their values
    sess.close() (or leave the `with`)        # hook.end(raw_session): the checkpoint hook saves
                                              # a final checkpoint; the graph is un-finalized

course has no other processes to wait for or to be preempted by, so the recovery wrappers of
TF (re-creating a session after an AbortedError) are left out; everything else is TF's.
"""
import abc

from .. import tf_logging as logging
from ..framework import errors
from ..framework.ops import GraphKeys, get_collection, get_default_graph
from ..ops import control_flow_ops
from ..session import RunMetadata, RunOptions
from ..variables import (
    global_variables,
    global_variables_initializer,
    local_variables_initializer,
    report_uninitialized_variables,
)
from . import basic_session_run_hooks as hooks_lib
from .coordinator import Coordinator
from .queue_runner import start_queue_runners
from .session_manager import SessionManager
from .session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

# "Use TF's default": tells MonitoredTrainingSession which of the secs/steps pairs you set.
USE_DEFAULT = object()


class Scaffold:
    """The pieces a session needs: init_op, ready_op, local_init_op, summary_op, saver (each
    made by ``finalize()`` from the graph's collections or a default, unless given)."""

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None, saver=None,
                 copy_from_scaffold=None, local_init_feed_dict=None):
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")

            def coalesce(a, b):
                return a if a is not None else b
            other = copy_from_scaffold
            init_op = coalesce(init_op, other.init_op)
            init_feed_dict = coalesce(init_feed_dict, other.init_feed_dict)
            init_fn = coalesce(init_fn, other._user_init_fn)
            ready_op = coalesce(ready_op, other.ready_op)
            ready_for_local_init_op = coalesce(ready_for_local_init_op,
                                               other.ready_for_local_init_op)
            local_init_op = coalesce(local_init_op, other.local_init_op)
            local_init_feed_dict = coalesce(local_init_feed_dict, other.local_init_feed_dict)
            summary_op = coalesce(summary_op, other.summary_op)
            saver = coalesce(saver, other.saver)
        self._user_init_fn = init_fn
        self._init_fn = (lambda sess: init_fn(self, sess)) if init_fn else None
        self._init_op = init_op
        self._init_feed_dict = init_feed_dict
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._local_init_op = local_init_op
        self._local_init_feed_dict = local_init_feed_dict
        self._summary_op = summary_op
        self._saver = saver

    def finalize(self):
        """Create the missing pieces, then finalize the graph."""
        from ..summary import merge_all
        from .saver import _get_saver_or_default
        if self._init_op is None:
            self._init_op = Scaffold.get_or_default(
                "init_op", GraphKeys.INIT_OP,
                lambda: control_flow_ops.group(global_variables_initializer()))
        if self._ready_op is None:
            self._ready_op = Scaffold.get_or_default(
                "ready_op", GraphKeys.READY_OP,
                report_uninitialized_variables)
        if self._ready_for_local_init_op is None:
            self._ready_for_local_init_op = Scaffold.get_or_default(
                "ready_for_local_init_op", "ready_for_local_init_op",
                lambda: report_uninitialized_variables(global_variables()))
        if self._local_init_op is None:
            self._local_init_op = Scaffold.get_or_default(
                "local_init_op", GraphKeys.LOCAL_INIT_OP, Scaffold.default_local_init_op)
        if self._summary_op is None:
            self._summary_op = Scaffold.get_or_default("summary_op", GraphKeys.SUMMARY_OP,
                                                       merge_all)
        if self._saver is None:
            self._saver = _get_saver_or_default()
        self._saver.build()
        get_default_graph().finalize()
        logging.info("Graph was finalized.")
        return self

    init_fn = property(lambda self: self._init_fn)
    init_op = property(lambda self: self._init_op)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    local_init_op = property(lambda self: self._local_init_op)
    local_init_feed_dict = property(lambda self: self._local_init_feed_dict)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)
    init_feed_dict = property(lambda self: self._init_feed_dict)

    @staticmethod
    def get_or_default(arg_name, collection_key, default_constructor):
        """The one item of ``collection_key``, or ``default_constructor()`` (then stored)."""
        elements = get_collection(collection_key)
        if elements:
            if len(elements) > 1:
                raise RuntimeError("More than one item in the collection \"%s\". Please indicate "
                                   "which one to use by passing it to the tf.Scaffold "
                                   "constructor as:  tf.Scaffold(%s=item to use)"
                                   % (collection_key, arg_name))
            return elements[0]
        op = default_constructor()
        if op is not None:
            get_default_graph().add_to_collection(collection_key, op)
        return op

    @staticmethod
    def default_local_init_op():
        return control_flow_ops.group(local_variables_initializer())


class SessionCreator(metaclass=abc.ABCMeta):
    @abc.abstractmethod
    def create_session(self):
        raise NotImplementedError("create_session is not implemented for %s." % self)


class ChiefSessionCreator(SessionCreator):
    """Finalize the scaffold, then restore from ``checkpoint_dir`` (or
    ``checkpoint_filename_with_path``) or initialize."""

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None, fall_back_to_earlier_checkpoint=False):
        self._fall_back = fall_back_to_earlier_checkpoint
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_filename_with_path = checkpoint_filename_with_path
        self._scaffold = scaffold or Scaffold()
        self._session_manager = None
        self._master = master
        self._config = config

    def _get_session_manager(self):
        if self._session_manager is None:
            s = self._scaffold
            self._session_manager = SessionManager(
                local_init_op=s.local_init_op, local_init_feed_dict=s.local_init_feed_dict,
                ready_op=s.ready_op, ready_for_local_init_op=s.ready_for_local_init_op,
                graph=get_default_graph(), fall_back_to_earlier_checkpoint=self._fall_back)
        return self._session_manager

    def create_session(self):
        self._scaffold.finalize()
        s = self._scaffold
        return self._get_session_manager().prepare_session(
            self._master, saver=s.saver, checkpoint_dir=self._checkpoint_dir,
            checkpoint_filename_with_path=self._checkpoint_filename_with_path,
            config=self._config, init_op=s.init_op, init_feed_dict=s.init_feed_dict,
            init_fn=s.init_fn)


class WorkerSessionCreator(SessionCreator):
    """For a non-chief worker: wait until the model is ready (the chief initializes it)."""

    def __init__(self, scaffold=None, master="", config=None, max_wait_secs=30 * 60):
        self._scaffold = scaffold or Scaffold()
        self._master = master
        self._config = config
        self._max_wait_secs = max_wait_secs

    def create_session(self):
        self._scaffold.finalize()
        s = self._scaffold
        manager = SessionManager(local_init_op=s.local_init_op,
                                 local_init_feed_dict=s.local_init_feed_dict,
                                 ready_op=s.ready_op,
                                 ready_for_local_init_op=s.ready_for_local_init_op,
                                 graph=get_default_graph())
        return manager.wait_for_session(self._master, config=self._config,
                                        max_wait_secs=self._max_wait_secs)


class _MonitoredSession:
    """The shared machinery of MonitoredSession and SingularMonitoredSession."""

    def __init__(self, session_creator, hooks, stop_grace_period_secs=120):
        self._graph = get_default_graph()
        self._graph_was_finalized = self._graph.finalized
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._session_creator = session_creator or ChiefSessionCreator()
        self._stop_grace_period_secs = stop_grace_period_secs
        self._tf_sess = None
        self._coord = None
        self._should_stop = False
        try:
            self._tf_sess = self._session_creator.create_session()
            self._coord = Coordinator(clean_stop_exception_types=[])
            # As TF's session creator: the graph's queue runners start with the session.
            start_queue_runners(sess=self._tf_sess, coord=self._coord)
            for hook in self._hooks:
                hook.after_create_session(self._tf_sess, self._coord)
        except BaseException:
            self._close_after_failed_start()
            raise

    @property
    def graph(self):
        return None if self._tf_sess is None else self._tf_sess.graph

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Run ``fetches`` with every hook's before_run fetches and feeds merged in."""
        if self._tf_sess is None:
            raise RuntimeError("Session is already closed.")
        if self.should_stop():
            raise RuntimeError("Run called even after should_stop requested.")
        actual_fetches = {"caller": fetches}
        run_context = SessionRunContext(original_args=SessionRunArgs(fetches, feed_dict),
                                        session=self._tf_sess)
        options = options or RunOptions()
        feed_dict = self._call_hook_before_run(run_context, actual_fetches, feed_dict, options)
        run_metadata = run_metadata or RunMetadata()
        try:
            if len(actual_fetches) == 1:     # no hook fetches anything: the caller's run as is
                outputs = {"caller": self._tf_sess.run(fetches, feed_dict=feed_dict,
                                                       options=options,
                                                       run_metadata=run_metadata)}
            else:
                outputs = self._tf_sess.run(actual_fetches, feed_dict=feed_dict, options=options,
                                            run_metadata=run_metadata)
        except Exception:
            self._coord.raise_requested_exception()
            raise
        for hook in self._hooks:
            hook.after_run(run_context, SessionRunValues(
                results=outputs[hook] if hook in outputs else None, options=options,
                run_metadata=run_metadata))
        self._should_stop = self._should_stop or run_context.stop_requested
        return outputs["caller"]

    def _call_hook_before_run(self, run_context, fetch_dict, user_feed_dict, options):
        hook_feeds = {}
        for hook in self._hooks:
            request = hook.before_run(run_context)
            if request is None:
                continue
            if request.fetches is not None:
                fetch_dict[hook] = request.fetches
            if request.feed_dict:
                _raise_if_feeds_intersect(hook_feeds, request.feed_dict,
                                          "Same tensor is fed by two hooks.")
                hook_feeds.update(request.feed_dict)
            if request.options:
                options.trace_level = max(options.trace_level, request.options.trace_level)
                options.timeout_in_ms = max(options.timeout_in_ms,
                                            request.options.timeout_in_ms)
        if not hook_feeds:
            return user_feed_dict
        if not user_feed_dict:
            return hook_feeds
        _raise_if_feeds_intersect(user_feed_dict, hook_feeds,
                                  "Same tensor is fed by a SessionRunHook and user.")
        hook_feeds.update(user_feed_dict)
        return hook_feeds

    def run_step_fn(self, step_fn):
        """Call ``step_fn(step_context)``: it may ``step_context.session.run`` (no hooks) or
        ``step_context.run_with_hooks``; ``step_context.request_stop()`` ends training."""
        try:
            return step_fn(_MonitoredSession.StepContext(self._tf_sess, self.run))
        except StopIteration:
            self._should_stop = True
            return None

    class StepContext:
        def __init__(self, session, run_with_hooks_fn):
            self._session = session
            self._run_with_hooks_fn = run_with_hooks_fn

        session = property(lambda self: self._session)

        def run_with_hooks(self, *args, **kwargs):
            return self._run_with_hooks_fn(*args, **kwargs)

        def request_stop(self):
            raise StopIteration("step_fn has requested the iterations to stop.")

    def should_stop(self):
        if self._tf_sess is None:
            return True
        self._coord.raise_requested_exception()
        return self._should_stop or self._coord.should_stop()

    def close(self):
        self._close_internal()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        if exception_type in (errors.OutOfRangeError, StopIteration):
            exception_type = None
        self._close_internal(exception_type)
        return exception_type is None

    def _close_internal(self, exception_type=None):
        try:
            if not exception_type:
                for hook in self._hooks:
                    hook.end(self._tf_sess)
        finally:
            try:
                if self._tf_sess is None:
                    raise RuntimeError("Session is already closed.")
                self._coord.request_stop()
                try:
                    self._coord.join(stop_grace_period_secs=self._stop_grace_period_secs,
                                     ignore_live_threads=True)
                finally:
                    self._tf_sess.close()
            finally:
                self._tf_sess = None
                self._coord = None
                self._unfinalize()

    def _close_after_failed_start(self):
        if self._tf_sess is not None:
            self._tf_sess.close()
            self._tf_sess = None
        self._unfinalize()

    def _unfinalize(self):
        if not self._graph_was_finalized:
            self._graph._finalized = False

    def _is_closed(self):
        return self._tf_sess is None

    def _tf_session(self):
        return self._tf_sess


class MonitoredSession(_MonitoredSession):
    """``tf.train.MonitoredSession(session_creator=None, hooks=None)``: see the module doc."""

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        super().__init__(session_creator, hooks, stop_grace_period_secs=stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A MonitoredSession that makes its own ChiefSessionCreator; ``raw_session()`` gives the
    plain Session (to run ops without hooks)."""

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        creator = ChiefSessionCreator(scaffold=scaffold, master=master, config=config,
                                      checkpoint_dir=checkpoint_dir,
                                      checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(creator, hooks, stop_grace_period_secs=stop_grace_period_secs)

    def raw_session(self):
        return self._tf_sess


def _raise_if_feeds_intersect(feeds1, feeds2, message):
    intersection = set(feeds1) & set(feeds2)
    if intersection:
        raise RuntimeError(message + " Conflict(s): " + str(list(intersection)))


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None, scaffold=None,
                             hooks=None, chief_only_hooks=None,
                             save_checkpoint_secs=USE_DEFAULT, save_summaries_steps=USE_DEFAULT,
                             save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100,
                             max_wait_secs=7200, save_checkpoint_steps=USE_DEFAULT,
                             summary_dir=None, save_graph_def=True,
                             fall_back_to_earlier_checkpoint=False):
    """A MonitoredSession set up for training, as TF's: with a ``checkpoint_dir`` it restores
    the latest checkpoint there (or initializes) and adds, before your ``hooks`` (and after
    ``chief_only_hooks``):
      * StepCounterHook every ``log_step_count_steps`` steps (summary dir),
      * SummarySaverHook every ``save_summaries_steps`` steps (default 100) or
        ``save_summaries_secs`` (0 or None disables it),
      * CheckpointSaverHook every ``save_checkpoint_secs`` seconds (default 600) or
        ``save_checkpoint_steps`` steps; it also saves when the session starts and ends.
    Setting one of a secs/steps pair leaves the other unset (TF's USE_DEFAULT rule).

    A damaged latest checkpoint raises DataLossError, as in TF. With
    ``fall_back_to_earlier_checkpoint=True`` (course only) the session instead restores the
    newest earlier checkpoint listed in the directory's state file that reads back whole,
    logging a warning that names the damaged one; training resumes from that step."""
    if save_summaries_steps is USE_DEFAULT and save_summaries_secs is USE_DEFAULT:
        save_summaries_steps, save_summaries_secs = 100, None
    elif save_summaries_secs is USE_DEFAULT:
        save_summaries_secs = None
    elif save_summaries_steps is USE_DEFAULT:
        save_summaries_steps = None
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    elif save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_secs = None
    elif save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_steps = None

    scaffold = scaffold or Scaffold()
    if not is_chief:
        creator = WorkerSessionCreator(scaffold=scaffold, master=master, config=config,
                                       max_wait_secs=max_wait_secs)
        return MonitoredSession(session_creator=creator, hooks=hooks or [],
                                stop_grace_period_secs=stop_grace_period_secs)

    all_hooks = list(chief_only_hooks or [])
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir,
                                  master=master, config=config,
                                  fall_back_to_earlier_checkpoint=fall_back_to_earlier_checkpoint)
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(hooks_lib.StepCounterHook(output_dir=summary_dir,
                                                       every_n_steps=log_step_count_steps))
        if (save_summaries_steps and save_summaries_steps > 0) or (
                save_summaries_secs and save_summaries_secs > 0):
            all_hooks.append(hooks_lib.SummarySaverHook(
                scaffold=scaffold, save_steps=save_summaries_steps,
                save_secs=save_summaries_secs, output_dir=summary_dir))
    if checkpoint_dir:
        if (save_checkpoint_secs and save_checkpoint_secs > 0) or (
                save_checkpoint_steps and save_checkpoint_steps > 0):
            all_hooks.append(hooks_lib.CheckpointSaverHook(
                checkpoint_dir, save_steps=save_checkpoint_steps, save_secs=save_checkpoint_secs,
                scaffold=scaffold, save_graph_def=save_graph_def))
    all_hooks.extend(hooks or [])
    return MonitoredSession(session_creator=creator, hooks=all_hooks,
                            stop_grace_period_secs=stop_grace_period_secs)
