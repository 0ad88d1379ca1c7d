"""``tf.train``: optimizers, learning-rate schedules, the global step, Saver and checkpoints,
hooks and MonitoredSession."""
from types import ModuleType as _ModuleType

from ..ops.training_ops import (  # noqa: F401  (gen_training_ops, for the curious)
    apply_adadelta,
    apply_adagrad,
    apply_adam,
    apply_centered_rms_prop,
    apply_gradient_descent,
    apply_momentum,
    apply_rms_prop,
)
from ..summary import FileWriterCache as SummaryWriterCache  # noqa: F401
from .adadelta import AdadeltaOptimizer  # noqa: F401
from .adagrad import AdagradOptimizer  # noqa: F401
from .adam import AdamOptimizer  # noqa: F401
from .basic_session_run_hooks import (  # noqa: F401
    CheckpointSaverHook,
    CheckpointSaverListener,
    FeedFnHook,
    FinalOpsHook,
    LoggingTensorHook,
    NanLossDuringTrainingError,
    NanTensorHook,
    SecondOrStepTimer,
    StepCounterHook,
    StopAtStepHook,
    SummarySaverHook,
)
from .checkpoint_management import (  # noqa: F401
    CheckpointState,
    checkpoint_exists,
    get_checkpoint_mtimes,
    get_checkpoint_state,
    latest_checkpoint,
    remove_checkpoint,
    update_checkpoint_state,
)
from .checkpoint_utils import list_variables, load_variable  # noqa: F401
from .coordinator import Coordinator  # noqa: F401
from .gradient_descent import GradientDescentOptimizer  # noqa: F401
from .input import (  # noqa: F401
    batch,
    input_producer,
    limit_epochs,
    range_input_producer,
    shuffle_batch,
    slice_input_producer,
    string_input_producer,
)
from .learning_rate_decay import (  # noqa: F401
    cosine_decay,
    exponential_decay,
    inverse_time_decay,
    natural_exp_decay,
    piecewise_constant,
    polynomial_decay,
)
from .momentum import MomentumOptimizer  # noqa: F401
from .moving_averages import ExponentialMovingAverage  # noqa: F401
from .monitored_session import (  # noqa: F401
    ChiefSessionCreator,
    MonitoredSession,
    MonitoredTrainingSession,
    Scaffold,
    SessionCreator,
    SingularMonitoredSession,
    WorkerSessionCreator,
)
from .optimizer import Optimizer  # noqa: F401
from .queue_runner import QueueRunner, add_queue_runner, start_queue_runners  # noqa: F401
from .rmsprop import RMSPropOptimizer  # noqa: F401
from .saver import Saver  # noqa: F401
from .session_manager import SessionManager  # noqa: F401
from .session_run_hook import (  # noqa: F401
    SessionRunArgs,
    SessionRunContext,
    SessionRunHook,
    SessionRunValues,
)
from .training_util import (  # noqa: F401
    assert_global_step,
    create_global_step,
    get_global_step,
    get_or_create_global_step,
    global_step,
    write_graph,
)

piecewise_constant_decay = piecewise_constant

# dir(tf.train) lists TF's API, not the modules that implement it (they stay importable:
# course.train.optimizer is still there for the curious).
_LISTED = sorted(name for name, value in globals().items() if not isinstance(value, _ModuleType))


def __dir__():
    return _LISTED
