"""``tf.data`` (TF1 graph mode): Dataset pipelines read through iterators."""
from .dataset_ops import Dataset  # noqa: F401
from .iterator_ops import (  # noqa: F401
    Iterator, get_output_shapes, get_output_types, make_initializable_iterator,
    make_one_shot_iterator)
