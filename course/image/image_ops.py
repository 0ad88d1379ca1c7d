"""tf.image functions as TF builds them from core ops: dtype conversion, grayscale/RGB, flips
(random ones seeded as TF's), crops and pads, resizing (TF1's resize_images), and
per-image standardization. Images are [height, width, channels] or a batch of them."""
import numpy as np

from ..framework import dtypes
from ..framework.ops import name_scope
from ..ops import array_ops, image_ops, math_ops, pad_ops, random_ops, reduction_ops
from ..ops.cond import cond
from ..ops.core import to_tensor
from ..ops.reverse_ops import reverse


class ResizeMethod:
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"


_LEGACY_METHODS = {0: ResizeMethod.BILINEAR, 1: ResizeMethod.NEAREST_NEIGHBOR,
                   2: ResizeMethod.BICUBIC, 3: ResizeMethod.AREA}


def _image(image, what):
    image = to_tensor(image, name="image")
    if image.shape.ndims not in (3, 4):
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % image.shape)
    return image


def _hw(image):
    """(height, width) as static ints, and whether the image is a batch."""
    batched = image.shape.ndims == 4
    dims = image.shape.as_list()[1:3] if batched else image.shape.as_list()[:2]
    if None in dims:
        raise ValueError("course's tf.image needs the height and width of %s known when the graph "
                         "is built" % image.name)
    return dims[0], dims[1], batched


# -- dtypes --------------------------------------------------------------------------------------
def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Ints are scaled to [0, max]; floats are in [0, 1): uint8 255 <-> float 1.0."""
    image = to_tensor(image, name="image")
    dtype = dtypes.as_dtype(dtype)
    if not (image.dtype.is_floating or image.dtype.is_integer) or not (
            dtype.is_floating or dtype.is_integer):
        raise AttributeError("Unsupported dtype for convert_image_dtype: %s" % dtype.name)
    if image.dtype == dtype:
        return array_ops.identity(image, name=name)
    with name_scope(name, "convert_image", [image]) as scope:
        if image.dtype.is_integer and dtype.is_integer:
            scale_in, scale_out = int(image.dtype.max), int(dtype.max)
            if scale_in > scale_out:
                scaled = math_ops.floordiv(image, (scale_in + 1) // (scale_out + 1))
                return _cast(scaled, dtype, saturate, scope)
            cast = _cast(image, dtype, saturate, None)
            return math_ops.multiply(cast, (scale_out + 1) // (scale_in + 1), name=scope)
        if image.dtype.is_floating and dtype.is_floating:
            return array_ops.cast(image, dtype, name=scope)
        if image.dtype.is_integer:
            cast = array_ops.cast(image, dtype)
            return math_ops.multiply(cast, 1.0 / float(image.dtype.max), name=scope)
        scaled = math_ops.multiply(image, float(dtype.max) + 0.5)
        return _cast(scaled, dtype, saturate, scope)


def _cast(x, dtype, saturate, name):
    if saturate:
        x = math_ops.clip_by_value(x, max(float(x.dtype.min), float(dtype.min)),
                                   min(float(x.dtype.max), float(dtype.max)))
    return array_ops.cast(x, dtype, name=name)


def grayscale_to_rgb(images, name=None):
    """[..., 1] -> [..., 3], the gray channel repeated."""
    images = to_tensor(images, name="images")
    if images.shape.ndims is not None and images.shape[-1] not in (1, None):
        raise ValueError("Dimension must be 1 but is %d" % images.shape[-1])
    with name_scope(name, "grayscale_to_rgb", [images]):
        return array_ops.tile(images, [1] * (images.shape.ndims - 1) + [3])


def rgb_to_grayscale(images, name=None):
    """Luma: 0.2989 R + 0.5870 G + 0.1140 B, keeping a last dimension of 1."""
    with name_scope(name, "rgb_to_grayscale", [images]):
        images = to_tensor(images, name="images")
        flt = convert_image_dtype(images, dtypes.float32)
        weights = array_ops.constant([0.2989, 0.5870, 0.1140], dtype=dtypes.float32)
        gray = math_ops.matmul(array_ops.reshape(flt, [-1, 3]),
                               array_ops.reshape(weights, [3, 1]))
        gray = array_ops.reshape(gray, images.shape.as_list()[:-1] + [1]
                                 if images.shape[:-1].is_fully_defined() else
                                 array_ops.concat([array_ops.shape(images)[:-1], [1]], 0))
        return convert_image_dtype(gray, images.dtype)


# -- flips -----------------------------------------------------------------------------------------
def _flip(image, axis, name):
    image = _image(image, "image")
    offset = 1 if image.shape.ndims == 4 else 0
    with name_scope(None, name, [image]):
        return reverse(image, [axis + offset])


def flip_left_right(image):
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image):
    return _flip(image, 0, "flip_up_down")


def _random_flip(image, axis, seed, name):
    """TF's: one uniform draw per image (per batch element), flipped when it is below .5."""
    image = _image(image, "image")
    with name_scope(None, name, [image]):
        if image.shape.ndims == 3:
            draw = random_ops.random_uniform([], 0, 1.0, seed=seed)
            return cond(math_ops.less(draw, .5), lambda: reverse(image, [axis]), lambda: image)
        batch = array_ops.shape(image)[0]
        draws = random_ops.random_uniform(array_ops.stack([batch]), 0, 1.0, seed=seed)
        flips = array_ops.cast(math_ops.round(array_ops.reshape(
            draws, array_ops.stack([batch, 1, 1, 1]))), image.dtype)
        return flips * reverse(image, [axis + 1]) + (1 - flips) * image


def random_flip_left_right(image, seed=None):
    return _random_flip(image, 1, seed, "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    return _random_flip(image, 0, seed, "random_flip_up_down")


# -- crops and pads -------------------------------------------------------------------------------
def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    image = _image(image, "image")
    height, width, batched = _hw(image)
    if offset_height < 0 or offset_width < 0:
        raise ValueError("offset_height and offset_width must be >= 0.")
    if target_height <= 0 or target_width <= 0:
        raise ValueError("target_width and target_height must be > 0.")
    if offset_width + target_width > width or offset_height + target_height > height:
        raise ValueError("width must be >= target + offset." if offset_width + target_width >
                         width else "height must be >= target + offset.")
    with name_scope(None, "crop_to_bounding_box", [image]):
        begin = [offset_height, offset_width, 0]
        size = [target_height, target_width, -1]
        if batched:
            begin, size = [0] + begin, [-1] + size
        return array_ops.slice(image, begin, size)


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    image = _image(image, "image")
    height, width, batched = _hw(image)
    after_w, after_h = target_width - offset_width - width, target_height - offset_height - height
    if offset_height < 0 or offset_width < 0:
        raise ValueError("offset_height and offset_width must be >= 0")
    if after_w < 0 or after_h < 0:
        raise ValueError("width must be <= target - offset" if after_w < 0 else
                         "height must be <= target - offset")
    with name_scope(None, "pad_to_bounding_box", [image]):
        paddings = [[offset_height, after_h], [offset_width, after_w], [0, 0]]
        return pad_ops.pad(image, ([[0, 0]] if batched else []) + paddings)


def resize_image_with_crop_or_pad(image, target_height, target_width):
    """Centred: crop what is too large, pad (zeros) what is too small."""
    image = _image(image, "image")
    height, width, _ = _hw(image)
    with name_scope(None, "resize_image_with_crop_or_pad", [image]):
        width_diff, height_diff = target_width - width, target_height - height
        cropped = crop_to_bounding_box(image, max(-height_diff // 2, 0), max(-width_diff // 2, 0),
                                       min(target_height, height), min(target_width, width))
        return pad_to_bounding_box(cropped, max(height_diff // 2, 0), max(width_diff // 2, 0),
                                   target_height, target_width)


def central_crop(image, central_fraction):
    """The central ``central_fraction`` of the height and width."""
    if central_fraction <= 0.0 or central_fraction > 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    image = _image(image, "image")
    if central_fraction == 1.0:
        return image
    height, width, batched = _hw(image)
    with name_scope(None, "central_crop", [image]):
        top = int((float(height) - float(height) * central_fraction) / 2)
        left = int((float(width) - float(width) * central_fraction) / 2)
        begin, size = [top, left, 0], [height - top * 2, width - left * 2, -1]
        if batched:
            begin, size = [0] + begin, [-1] + size
        return array_ops.slice(image, begin, size)


# -- resizing -------------------------------------------------------------------------------------
def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False,
                  preserve_aspect_ratio=False, name=None):
    """TF1's resize (tf.compat.v1.image.resize): bilinear (float32 out) or nearest neighbour
    (the input's dtype), without half-pixel centers; the same size returns the input."""
    images = _image(images, "images")
    method = _LEGACY_METHODS.get(method, method)
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        raise NotImplementedError("course's tf.image.resize_images supports BILINEAR and "
                                  "NEAREST_NEIGHBOR, not %r" % (method,))
    size = [int(s) for s in np.ravel(size if not hasattr(size, "op") else
                                      _static(size))]
    height, width, batched = _hw(images)
    if preserve_aspect_ratio:
        scale = min(size[0] / height, size[1] / width)
        size = [int(height * scale), int(width * scale)]
    with name_scope(name, "resize", [images, size]):
        if size == [height, width]:
            return images
        batch = images if batched else array_ops.expand_dims(images, 0)
        op_type = "ResizeBilinear" if method == ResizeMethod.BILINEAR else "ResizeNearestNeighbor"
        out = image_ops.resize(op_type, batch, size, align_corners)
        return out if batched else array_ops.squeeze(out, [0])


def _static(tensor):
    from ..ops.core import constant_value
    value = constant_value(tensor)
    if value is None:
        raise TypeError("course's tf.image.resize_images needs the new size known when the graph "
                        "is built")
    return value


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    _no_half_pixel(half_pixel_centers)
    return image_ops.resize("ResizeBilinear", images, _size(size), align_corners, name)


def resize_nearest_neighbor(images, size, align_corners=False, name=None,
                            half_pixel_centers=False):
    _no_half_pixel(half_pixel_centers)
    return image_ops.resize("ResizeNearestNeighbor", images, _size(size), align_corners, name)


def _size(size):
    return [int(s) for s in np.ravel(_static(size) if hasattr(size, "op") else size)]


def _no_half_pixel(flag):
    if flag:
        raise NotImplementedError("course resizes with TF1's legacy coordinates only "
                                  "(half_pixel_centers=False)")


# -- standardization ----------------------------------------------------------------------------
def per_image_standardization(image):
    """(x - mean) / max(stddev, 1 / sqrt(pixels)) per image, in float32."""
    image = _image(image, "image")
    with name_scope(None, "per_image_standardization", [image]) as scope:
        image = array_ops.cast(image, dtypes.float32)
        num_pixels = int(np.prod(image.shape.as_list()[-3:]))
        mean = reduction_ops.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        variance = reduction_ops.reduce_mean(math_ops.square(image - mean), axis=[-1, -2, -3],
                                             keepdims=True)
        adjusted = math_ops.maximum(math_ops.sqrt(variance),
                                    math_ops.rsqrt(array_ops.cast(num_pixels, dtypes.float32)))
        return math_ops.divide(image - mean, adjusted, name=scope)


# -- brightness and contrast --------------------------------------------------------------------
def adjust_brightness(image, delta):
    """Add ``delta`` in the float domain, converting back to the image's dtype."""
    with name_scope(None, "adjust_brightness", [image, delta]) as scope:
        image = to_tensor(image, name="image")
        orig = image.dtype
        flt = image if orig in (dtypes.float16, dtypes.float32) else convert_image_dtype(
            image, dtypes.float32)
        adjusted = math_ops.add(flt, array_ops.cast(delta, flt.dtype), name=scope)
        return convert_image_dtype(adjusted, orig, saturate=True)


def random_brightness(image, max_delta, seed=None):
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def adjust_contrast(images, contrast_factor):
    """Per image and channel: (x - mean) * contrast_factor + mean (TF's AdjustContrastv2)."""
    with name_scope(None, "adjust_contrast", [images, contrast_factor]):
        images = to_tensor(images, name="images")
        orig = images.dtype
        flt = images if orig in (dtypes.float16, dtypes.float32) else convert_image_dtype(
            images, dtypes.float32)
        # (TF's kernel sums the pixels in Eigen's order: the mean can differ in its last bit)
        mean = reduction_ops.reduce_mean(flt, axis=[-3, -2], keepdims=True)
        factor = array_ops.cast(contrast_factor, flt.dtype)
        return convert_image_dtype((flt - mean) * factor + mean, orig, saturate=True)


def random_contrast(image, lower, upper, seed=None):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = random_ops.random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, factor)


def random_crop(value, size, seed=None, name=None):
    """``tf.random_crop``: a ``size`` piece of ``value`` at a random offset (TF's draws)."""
    with name_scope(name, "random_crop", [value, size]) as scope:
        value = to_tensor(value, name="value")
        size = to_tensor(size, dtype=dtypes.int32, name="size")
        shape = array_ops.shape(value)
        limit = shape - size + 1
        offset = random_ops.random_uniform(array_ops.shape(shape), dtype=size.dtype,
                                           maxval=size.dtype.max, seed=seed) % limit
        return array_ops.slice(value, offset, size, name=scope)
