"""``tf.decode_csv``: CSV records (a string tensor) into one tensor per column, typed by the
column's default; an empty field takes the default (an error when the default is empty)."""
import csv

import numpy as np

from ..framework import dtypes, errors
from ..framework.ops import name_scope
from ..framework.registry import define_op
from .core import apply_op, to_tensor

_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def _fields(record, index, field_delim, use_quote_delim):
    text = record.decode() if isinstance(record, bytes) else str(record)
    if use_quote_delim:
        return next(csv.reader([text], delimiter=field_delim), [""])
    return text.split(field_delim)


def _parse(field, dtype, index, column):
    try:
        if dtype.is_floating:
            return float(field)
        if dtype.is_integer:
            return int(field)
    except ValueError:
        raise errors.InvalidArgumentError(
            None, None, "Field %d in record %d is not a valid %s: %s"
            % (column, index, "float" if dtype.is_floating else "int", field)) from None
    return field.encode()


def _decode_csv(records, *defaults, field_delim, use_quote_delim, na_value, out_types):
    records = np.asarray(records, dtype=object)
    columns = [np.empty(records.shape, dtype=d.np if d != dtypes.string else object)
               for d in out_types]
    for index, record in enumerate(records.flat):
        fields = _fields(record, index, field_delim, use_quote_delim)
        if len(fields) != len(out_types):
            raise errors.InvalidArgumentError(
                None, None, "Expect %d fields but have %d in record %d"
                % (len(out_types), len(fields), index))
        for column, (field, dtype, default) in enumerate(zip(fields, out_types, defaults)):
            if field == "" or field == na_value:
                if np.size(default) == 0:
                    raise errors.InvalidArgumentError(
                        None, None, "Field %d is required but missing in record %d!"
                        % (column, index))
                columns[column].flat[index] = np.asarray(default).reshape(-1)[0]
            else:
                columns[column].flat[index] = _parse(field, dtype, index, column)
    return tuple(columns)


define_op("DecodeCSV", kernel=_decode_csv, differentiable=False,
          infer=lambda op: [(d, op.inputs[0].shape) for d in op.get_attr("out_types")],
          num_outputs=lambda attrs: len(attrs["out_types"]))


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None,
               na_value="", select_cols=None):
    """``tf.decode_csv(records, record_defaults)``: a list of tensors, one per column."""
    if select_cols is not None:
        raise NotImplementedError("tf.decode_csv(select_cols=...) is not supported by course")
    with name_scope(name, "DecodeCSV"):
        records = to_tensor(records, dtype=dtypes.string)
        defaults = [to_tensor(d) for d in record_defaults]
        for i, d in enumerate(defaults):
            if d.dtype not in _TYPES:
                raise TypeError("record_defaults[%d] has dtype %s; decode_csv takes float32, "
                                "float64, int32, int64 or string" % (i, d.dtype.name))
        attrs = {"field_delim": field_delim, "use_quote_delim": bool(use_quote_delim),
                 "na_value": na_value, "out_types": tuple(d.dtype for d in defaults)}
        op = apply_op("DecodeCSV", [records] + defaults, attrs, "DecodeCSV")
        return list(op.outputs)
