"""tf.summary.image against TensorFlow (golden/api_gaps.json, scripts/record_golden_api_gaps.py):
tags, sizes and the decoded pixels; and a FileWriter records it in the event file."""
import glob

import numpy as np

import api_gap_cases
import course as tf


def test_matches_tensorflow():
    assert api_gap_cases.golden_problems(tf, "summary_image") == []


def test_a_file_writer_records_image_summaries(tmp_path):
    pixels = np.arange(12, dtype=np.uint8).reshape(1, 2, 2, 3)
    merged = tf.summary.merge([tf.summary.image("x", pixels), tf.summary.scalar("s", 1.5)])
    with tf.Session() as sess:
        serialized = sess.run(merged)
    writer = tf.summary.FileWriter(str(tmp_path))
    writer.add_summary(serialized, 3)
    writer.close()
    image = tf.Summary.FromString(serialized).value[0].image
    assert (image.height, image.width, image.colorspace) == (2, 2, 3)
    assert image.encoded_image_string in open(glob.glob(str(tmp_path / "events*"))[0],
                                              "rb").read()
    assert list(writer.scalars) == ["s"]
    assert "(%d bytes of PNG)" % len(image.encoded_image_string) in repr(serialized)
