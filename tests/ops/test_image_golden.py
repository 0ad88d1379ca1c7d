"""tf.image against TF: convert_image_dtype (every direction, saturate), grayscale/RGB, flips
and seeded random flips, central_crop, crop/pad to bounding box, resize_image_with_crop_or_pad,
per_image_standardization, brightness, and TF1's resize_images (bilinear and nearest, with and
without align_corners) with gradients (golden/api.json, scripts/record_golden_api.py)."""
import api_cases
import pytest

import course as tf


@pytest.mark.parametrize("name", ["image_ops", "image_resize", "image_random_flips"])
def test_matches_tensorflow(name):
    assert api_cases.golden_problems(tf, name) == []


def test_cifar_augmentation_matches_tensorflow():
    """The CIFAR-10 tutorial's distortions draw TF's random crops, flips, brightness and contrast
    factors; adjust_contrast's channel mean is summed in another order than Eigen's, so values
    agree to float32 rounding of a mean near 100 (3e-5 absolute), not bit for bit."""
    assert api_cases.golden_problems(tf, "image_cifar_augmentation",
                                     tolerance={"float32": 5e-5}) == []


def test_unsupported_resize_methods_and_sizes_say_so():
    images = tf.zeros([1, 4, 4, 3])
    with pytest.raises(NotImplementedError, match="BILINEAR and NEAREST_NEIGHBOR"):
        tf.image.resize_images(images, [2, 2], method=tf.image.ResizeMethod.BICUBIC)
    with pytest.raises(ValueError, match="must be >= target"):
        tf.image.crop_to_bounding_box(images, 2, 2, 3, 3)
