"""``tf.image``: conversions, flips, crops, pads, resizing and standardization of images."""
from .image_ops import (  # noqa: F401
    ResizeMethod, adjust_brightness, adjust_contrast, central_crop, convert_image_dtype,
    crop_to_bounding_box, flip_left_right, flip_up_down, grayscale_to_rgb, pad_to_bounding_box,
    per_image_standardization, random_brightness, random_contrast, random_crop,
    random_flip_left_right, random_flip_up_down, resize_bilinear, resize_image_with_crop_or_pad,
    resize_images, resize_nearest_neighbor, rgb_to_grayscale)

from ..ops.image_ops import decode_png  # noqa: F401,E402

resize = resize_images                  # tf.compat.v1.image.resize is TF1's resize_images
