"""Checkpoint files on disk: the data file of one checkpoint, the ``checkpoint`` state file
that lists a directory's checkpoints, and writing both atomically.

A checkpoint is named by its *prefix* (``dir/model.ckpt-3``); its values live in
``<prefix>.npz``: a plain numpy archive, one array per variable name, readable with
``np.load(path)`` (no pickles). The state file ``dir/checkpoint`` is TF's text format::

    model_checkpoint_path: "model.ckpt-3"
    all_model_checkpoint_paths: "model.ckpt-2"
    all_model_checkpoint_paths: "model.ckpt-3"

Every file is written to a temporary file in the same directory and then renamed over the
old one (``os.replace``), so a crash in the middle of a save leaves the previous checkpoint and
state file whole.
"""
import os
import re
import tempfile

DATA_SUFFIX = ".npz"


def data_path(prefix):
    """The file holding the values of the checkpoint ``prefix``."""
    return prefix + DATA_SUFFIX


def atomic_write(path, write):
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it to ``path``.
    On any failure the temporary file is removed and ``path`` is untouched."""
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o666 & ~_umask())    # mkstemp's 0600 -> what open() gives
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def _umask():
    """The process umask, read without changing it where Linux shows it (os.umask can only
    be read by setting it, which races with other threads creating files)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_text(path, text):
    atomic_write(path, lambda f: f.write(text.encode("utf-8")))


# -- the state file ------------------------------------------------------------------------------
class CheckpointState:
    """``tf.train.CheckpointState``: the latest checkpoint and all kept ones (paths joined to
    the directory when read back)."""

    def __init__(self, model_checkpoint_path="", all_model_checkpoint_paths=(),
                 all_model_checkpoint_timestamps=(), last_preserved_timestamp=0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = last_preserved_timestamp

    def to_text(self):
        """TF's text format (text_format.MessageToString of the CheckpointState proto)."""
        lines = ['model_checkpoint_path: "%s"' % _escape(self.model_checkpoint_path)]
        lines += ['all_model_checkpoint_paths: "%s"' % _escape(p)
                  for p in self.all_model_checkpoint_paths]
        lines += ["all_model_checkpoint_timestamps: %r" % t
                  for t in self.all_model_checkpoint_timestamps]
        if self.last_preserved_timestamp:
            lines.append("last_preserved_timestamp: %r" % self.last_preserved_timestamp)
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text):
        state = cls()
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            match = re.match(r'^(\w+)\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))$', line)
            if not match:
                raise ValueError("line %d: cannot parse %r" % (number, line))
            field, quoted, bare = match.groups()
            if field == "model_checkpoint_path":
                state.model_checkpoint_path = _unescape(quoted or "")
            elif field == "all_model_checkpoint_paths":
                state.all_model_checkpoint_paths.append(_unescape(quoted or ""))
            elif field == "all_model_checkpoint_timestamps":
                state.all_model_checkpoint_timestamps.append(float(bare))
            elif field == "last_preserved_timestamp":
                state.last_preserved_timestamp = float(bare)
            else:
                raise ValueError("line %d: unknown field %r" % (number, field))
        return state

    def __repr__(self):
        return "CheckpointState(%s)" % self.to_text().strip().replace("\n", ", ")


# protobuf's text format (CEscape): quotes, backslashes and control characters escaped, and
# every byte outside printable ASCII as a 3-digit octal escape of its UTF-8 encoding.
_ESCAPES = {9: "\\t", 10: "\\n", 13: "\\r", 34: '\\"', 39: "\\'", 92: "\\\\"}
_ESCAPED_BYTE = [_ESCAPES.get(b, chr(b) if 32 <= b < 127 else "\\%03o" % b) for b in range(256)]
_UNESCAPES = {"t": "\t", "n": "\n", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _escape(s):
    return "".join(_ESCAPED_BYTE[b] for b in s.encode("utf-8"))


def _unescape(s):
    out = bytearray()
    for escape, literal in re.findall(r"\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)|([^\\]+)", s):
        if literal:
            out += literal.encode("utf-8")
        elif escape[0] in "01234567":
            out.append(int(escape, 8) & 0xFF)
        elif escape[0] == "x" and len(escape) > 1:
            out.append(int(escape[1:], 16))
        else:
            out += _UNESCAPES.get(escape, escape).encode("utf-8")
    return out.decode("utf-8", "surrogateescape")


def _state_filename(save_dir, latest_filename):
    return os.path.join(save_dir, latest_filename or "checkpoint")


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            latest_filename=None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None):
    """Write ``save_dir/checkpoint`` (atomically). As TF: when ``save_dir`` is relative,
    relative paths are stored relative to it; the latest path is always the last listed."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    filename = _state_filename(save_dir, latest_filename)
    if filename == model_checkpoint_path:
        raise RuntimeError("Save path '%s' conflicts with path used for checkpoint state.  "
                           "Please use a different save path." % model_checkpoint_path)
    state = CheckpointState(model_checkpoint_path, paths, all_model_checkpoint_timestamps or (),
                            last_preserved_timestamp or 0.0)
    atomic_write_text(filename, state.to_text())


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState of ``checkpoint_dir`` (paths joined to it), or None if the
    directory has no state file or it cannot be read (a warning says why)."""
    checkpoint_dir = os.fspath(checkpoint_dir)
    filename = _state_filename(checkpoint_dir, latest_filename)
    if not os.path.exists(filename):
        return None
    try:
        with open(filename, encoding="utf-8") as f:
            state = CheckpointState.from_text(f.read())
        if not state.model_checkpoint_path:
            raise ValueError("Invalid checkpoint state loaded from " + checkpoint_dir)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        from ..tf_logging import warning
        warning("%s: %s", type(e).__name__, e)
        warning("%s: Checkpoint ignored", filename)
        return None
    confined = {p: _inside(checkpoint_dir, p, filename)      # one warning per entry
                for p in dict.fromkeys(state.all_model_checkpoint_paths +
                                       [state.model_checkpoint_path])}
    state.all_model_checkpoint_paths = [confined[p] for p in state.all_model_checkpoint_paths
                                        if confined[p] is not None]
    latest = confined[state.model_checkpoint_path]
    if latest is None:
        if not state.all_model_checkpoint_paths:
            return None
        latest = state.all_model_checkpoint_paths[-1]
    state.model_checkpoint_path = latest
    return state


def _inside(checkpoint_dir, path, filename):
    """``path`` from the state file joined to ``checkpoint_dir``, if its data file is inside
    that directory. A state file is data, and one that points elsewhere (``../``, an absolute
    path, a symlink) must not make a restore read another directory's files: such an entry is
    replaced by the checkpoint of the same name in the directory if there is one, else dropped,
    with a warning either way (a directory moved with its absolute paths still restores)."""
    joined = path if os.path.isabs(path) else os.path.join(checkpoint_dir, path)
    if _confined(checkpoint_dir, joined):
        return joined
    from ..tf_logging import warning
    local = os.path.join(checkpoint_dir, os.path.basename(path))
    if os.path.basename(path) and _confined(checkpoint_dir, local) and checkpoint_exists(local):
        warning("%s: checkpoint path %r points outside %s; using %s instead", filename, path,
                checkpoint_dir, local)
        return local
    warning("%s: checkpoint path %r points outside %s; ignored", filename, path, checkpoint_dir)
    return None


def _confined(directory, prefix):
    real_dir = os.path.realpath(directory)
    real_file = os.path.realpath(data_path(prefix))
    return os.path.commonpath([real_dir, real_file]) == real_dir


def checkpoint_exists(checkpoint_prefix):
    """True if a checkpoint was saved under this prefix."""
    return os.path.isfile(data_path(checkpoint_prefix))


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint in ``checkpoint_dir`` (for Saver.restore), or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        if checkpoint_exists(state.model_checkpoint_path):
            return state.model_checkpoint_path
        from ..tf_logging import error
        error("Couldn't match files for checkpoint %s", state.model_checkpoint_path)
    return None


def get_checkpoint_mtimes(checkpoint_prefixes):
    """Modification times of the checkpoints that exist."""
    return [os.path.getmtime(data_path(p)) for p in checkpoint_prefixes if checkpoint_exists(p)]


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=None, meta_graph_suffix="meta"):
    """Delete a checkpoint's files (its data file, and any ``.meta`` file)."""
    for path in (data_path(checkpoint_prefix), checkpoint_prefix + "." + meta_graph_suffix):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
