"""``tf.app`` and ``tf.flags``: how TF1 programs take command-line options and start."""
