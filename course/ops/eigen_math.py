"""TensorFlow's float32 ``exp``, reproduced bit for bit (numpy's float32 exp differs from it).

Why: ``tf.exp([100., 1.])`` prints ``[inf 2.7182817]`` in TF and ``[inf 2.718282]`` with
``np.exp``. It is not the printing: numpy's SIMD float32 exp returns 0x402DF855, one ulp above
the correctly rounded e (0x402DF854), which TF returns. TF's CPU kernel (Eigen, built for AVX
without FMA) computes an element in one of two ways:

* in packets of 8 floats, Eigen's ``pexp_float``: a Cephes-style range reduction and a degree-6
  polynomial, every multiply-add rounded twice (no FMA);
* the elements left after the last full packet (``size % 8``) with the C library's ``expf``,
  whose result is the correctly rounded one (glibc's error bound is 0.502 ulp; we take exp in
  float64, rounded once to float32).

And TF runs its kernels with denormals flushed to zero, so results below FLT_MIN are 0.
Against TF 2.21 on 2,824 inputs (golden/edges.json, recorded by scripts/record_golden_edges.py)
this is exact; np.exp differs in 46% of them, float64-then-round in 23%. The price: about 20
numpy passes instead of one (tens of microseconds for a few thousand elements), paid only by
graphs that call tf.exp; softmax and the cross-entropies keep numpy's exp.
"""
import numpy as np

_F = np.float32
_PACKET = 8                        # AVX: 8 floats
_TINY = np.finfo(np.float32).tiny  # FLT_MIN: smaller results are flushed to zero


def _madd(a, b, c):
    """Eigen's pmadd without FMA: a product rounded to float32, then a sum rounded (float32
    arrays and float32 scalars only, so numpy computes in float32)."""
    product = a * b
    product += c
    return product


def _pexp_float(x):
    """Eigen's pexp_float on a float32 vector (infinities pass through NaNs on the way)."""
    zero = x < _F(-104.0)
    clamped = np.minimum(x, _F(88.723))
    m = np.floor(_madd(clamped, _F(1.44269504088896341), _F(0.5)))
    r = _madd(m, _F(-0.693359375), clamped)
    r = _madd(m, _F(2.12194440e-4), r)
    r2 = r * r
    p_even = _madd(r2, _F(1.37449637986719608306884765625e-3),
                   _F(4.166965186595916748046875e-2))
    p_odd = _madd(r2, _F(8.36894474923610687255859375e-3), _F(0.16666518151760101318359375))
    p_even = _madd(p_even, r2, _F(0.49999988079071044921875))
    y = _madd(p_odd, r, p_even)
    y = _madd(y, r2, r + _F(1.0))
    # 2^m * y, m an integer in [-150, 128]: exact until it overflows or leaves the normals.
    # (A NaN or -inf m casts to garbage: its element is NaN or zeroed below anyway.)
    out = np.ldexp(y, m.astype(np.int32))
    np.maximum(out, x, out=out)    # Eigen's final pmax(result, x): exp(+inf) is inf, NaN stays
    out[zero] = 0.0
    return out


def exp_float32(x):
    """``tf.exp`` of a float32 array, as TF's CPU kernel computes it."""
    flat = np.ascontiguousarray(x, dtype=_F).reshape(-1)
    n_packets = flat.size - flat.size % _PACKET
    with np.errstate(all="ignore"):
        if n_packets == flat.size:
            out = _pexp_float(flat)
        else:
            out = np.empty_like(flat)
            if n_packets:
                out[:n_packets] = _pexp_float(flat[:n_packets])
            out[n_packets:] = np.exp(flat[n_packets:].astype(np.float64))
    denormal = out < _TINY           # exp is >= 0 (NaN compares False)
    if denormal.any():
        out[denormal] = 0.0
    return out.reshape(np.shape(x))


def exp(x):
    """The Exp kernel: float32 as TF computes it, other dtypes with numpy."""
    return exp_float32(x) if x.dtype == _F else np.exp(x)
