"""Recurrent networks: the cells (``tf.nn.rnn_cell``), wrappers, and the functions that run a
cell over a sequence (``static_rnn``, ``dynamic_rnn`` and their bidirectional forms)."""
