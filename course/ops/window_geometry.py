"""Where a 2-D window op (conv2d, max_pool, avg_pool) reads its NHWC input, and the two data
movements every convolution costs: im2col (gather the windows into a matrix, so the conv is
one GEMM) and col2im (sum window-shaped values back onto the input).

Neither uses index arrays or a scatter:
  * im2col copies a read-only ``as_strided`` view of the padded input into a matrix, in one
    numpy call;
  * col2im is a sum over the k_h * k_w kernel offsets, each ONE contiguous vector add in a
    stride-phase-split, channel-major buffer (see ``Geometry.col2im``).
im2col comes in two layouts, chosen by which gives numpy the longer innermost run (numpy
pays a few nanoseconds per inner loop, so a copy moving runs of 1-5 floats costs several
times one moving runs of 28):
  * ROWS (M, K): one row per output position, K = (k_h, k_w, C) — the runs are k_w * C
    contiguous floats (C when dilated);
  * COLUMNS (K, M): one row per (i, j, c), M = (N, out_h, out_w) — the runs are out_w long.
M = N * out_h * out_w and K = k_h * k_w * C, matching an HWIO filter reshaped to (K, O).
See docs/DESIGN.md, "Convolutions: the cost model".
"""
import numpy as np

ROWS, COLUMNS = "rows", "columns"
CHUNK_BYTES = 1 << 20


def out_and_pads(size, k, stride, dilation, padding):
    """(output size, pad before, pad after) along one spatial axis; None when size is unknown.
    TF's rule: SAME gives out = ceil(in / stride) and pads max((out - 1) * stride + k_eff - in,
    0), the smaller half before; VALID gives out = (in - k_eff) // stride + 1 and no padding."""
    if size is None:
        return None, None, None
    k_eff = (k - 1) * dilation + 1
    if padding == "VALID":
        return (size - k_eff) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + k_eff - size, 0)
    return out, total // 2, total - total // 2


class Geometry:
    """Output size and padding of a 2-D window op over an NHWC input of (N, H, W, C)."""

    def __init__(self, in_hw, k_hw, strides, dilations, padding):
        self.k_h, self.k_w = k_hw
        self.s_h, self.s_w = strides[1], strides[2]
        self.d_h, self.d_w = dilations[1], dilations[2]
        self.out_h, self.top, self.bottom = out_and_pads(in_hw[0], self.k_h, self.s_h, self.d_h,
                                                         padding)
        self.out_w, self.left, self.right = out_and_pads(in_hw[1], self.k_w, self.s_w, self.d_w,
                                                         padding)
        self.padded = bool(self.top or self.bottom or self.left or self.right)

    # -- the padded input
    def pad(self, x, value=0):
        """The input with its SAME border; ``x`` itself (no copy) when there is none."""
        if not self.padded:
            return x
        n, h, w, c = x.shape
        out = np.full((n, h + self.top + self.bottom, w + self.left + self.right, c), value,
                      x.dtype)
        out[:, self.top:self.top + h, self.left:self.left + w] = x
        return out

    def padded_zeros(self, in_shape, dtype):
        n, h, w, c = in_shape
        return np.zeros((n, h + self.top + self.bottom, w + self.left + self.right, c), dtype)

    def crop(self, padded, in_shape):
        if not self.padded:
            return padded
        return padded[:, self.top:self.top + in_shape[1], self.left:self.left + in_shape[2], :]

    def offsets(self):
        """For each position (i, j) of the k_h x k_w window: the strided slice of the padded
        input that this position reads in every window (shape N, out_h, out_w, C)."""
        rows = (self.out_h - 1) * self.s_h + 1
        cols = (self.out_w - 1) * self.s_w + 1
        for i in range(self.k_h):
            for j in range(self.k_w):
                r, q = i * self.d_h, j * self.d_w
                yield i, j, (slice(None), slice(r, r + rows, self.s_h),
                             slice(q, q + cols, self.s_w), slice(None))

    # -- im2col / col2im
    def batch_chunks(self, in_shape, itemsize):
        """Slices of the batch whose im2col matrices hold about CHUNK_BYTES: a matrix that
        stays in the CPU's cache while the GEMM (or col2im) reads it back costs a third less
        than one that goes to memory and back (Görner's 5x5x4->8 layer, batch 100)."""
        n, _, _, c = in_shape
        per_image = self.out_h * self.out_w * self.k_h * self.k_w * c * itemsize
        step = max(1, CHUNK_BYTES // max(per_image, 1))
        return [slice(start, start + step) for start in range(0, n, step)] or [slice(0, 0)]
    def im2col_layout(self, channels):
        """ROWS or COLUMNS for im2col: whichever copies longer contiguous runs."""
        run = self.k_w * channels if self.d_w == 1 else channels
        return ROWS if run >= self.out_w else COLUMNS

    def _window_view(self, padded, layout):
        n, _, _, c = padded.shape
        sn, sh, sw, sc = padded.strides
        position = ((self.k_h, sh * self.d_h), (self.k_w, sw * self.d_w), (c, sc))
        output = ((n, sn), (self.out_h, sh * self.s_h), (self.out_w, sw * self.s_w))
        axes = output + position if layout == ROWS else position + output
        return np.lib.stride_tricks.as_strided(padded, shape=[a for a, _ in axes],
                                               strides=[s for _, s in axes], writeable=False)

    def im2col(self, x, layout):
        """The windows of ``x`` as a matrix: (M, K) for ROWS, (K, M) for COLUMNS."""
        view = self._window_view(self.pad(x), layout)
        m, k = x.shape[0] * self.out_h * self.out_w, self.k_h * self.k_w * x.shape[3]
        return view.reshape((m, k) if layout == ROWS else (k, m))

    def phase_grid(self, in_shape):
        """(A, B): the padded input split by stride phase, each phase an A x B grid — big
        enough that every kernel offset's out_h x out_w block fits in its phase (see col2im)."""
        n, h, w, c = in_shape
        return (-(-(h + self.top + self.bottom) // self.s_h),
                -(-(w + self.left + self.right) // self.s_w))

    def grid_rows(self, in_shape):
        """Rows of the grid col2im takes dy on (see col2im): the phase grid's A, or out_h
        when A has many more rows (stride 1: A = out_h + k_h - 1)."""
        a, _ = self.phase_grid(in_shape)
        return self.out_h if 4 * (a - self.out_h) >= self.out_h else a

    def col2im(self, cols, in_shape):
        """Sum window-shaped values back onto an input of ``in_shape`` (a C-contiguous NHWC
        result). ``cols`` is (K, N * R * B) for R = ``grid_rows`` and the ``phase_grid`` width
        B: the values for output (y, x) sit at (y, x) of an R x B grid, zeros elsewhere (so
        the caller pads dy to R x B before its GEMM).

        Kernel offset (i, j) adds to padded-input rows y * s_h + i * d_h, i.e. phase
        p_h = (i * d_h) % s_h, phase rows y + a0 with a0 = (i * d_h) // s_h (likewise columns:
        phase p_w, shift b0). In each phase's flat (C, N, A, B) buffer, with R = A, that is
        ONE contiguous add of the whole slab shifted by a0 * B + b0: the real values stay
        inside their own (c, n) plane (the grid has room) and only zeros wrap past a row's
        end. So col2im is k_h * k_w long vector adds.

        With R = out_h (A - out_h rows of zeros would double the GEMM: LeNet's second layer)
        it goes in two stages: for each kernel row i, the k_w slabs summed per column phase,
        shifted by b0 only; then each sum added to its phase's rows a0 .. a0 + out_h, one add
        of out_h * B contiguous floats per (c, n) plane."""
        n, h, w, c = in_shape
        a, b = self.phase_grid(in_shape)
        rows = self.grid_rows(in_shape)
        size = c * n * rows * b
        slabs = cols.reshape(self.k_h, self.k_w, size)
        phases = np.zeros((self.s_h, self.s_w, c, n, a, b), cols.dtype)
        flat = phases.reshape(self.s_h, self.s_w, -1)
        for i in range(self.k_h):
            a0, p_h = divmod(i * self.d_h, self.s_h)
            row_sums = {}
            for j in range(self.k_w):
                b0, p_w = divmod(j * self.d_w, self.s_w)
                if rows == a:
                    shift = a0 * b + b0
                    flat[p_h, p_w, shift:] += slabs[i, j, :size - shift]
                    continue
                total = row_sums.get(p_w)
                if total is None:
                    total = row_sums[p_w] = np.zeros(size, cols.dtype)
                total[b0:] += slabs[i, j, :size - b0]
            for p_w, total in row_sums.items():
                phases[p_h, p_w, :, :, a0:a0 + rows] += total.reshape(c, n, rows, b)
        # padded[n, a * s_h + p_h, b * s_w + p_w, c] = phases[p_h, p_w, c, n, a, b]
        padded = phases.transpose(3, 4, 0, 5, 1, 2).reshape(n, a * self.s_h, b * self.s_w, c)
        return np.ascontiguousarray(padded[:, self.top:self.top + h, self.left:self.left + w])
