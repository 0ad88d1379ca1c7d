"""``tf.test``: the device questions programs ask before they pick a device. course computes
on the CPU with numpy: there is no GPU."""


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    return False


def gpu_device_name():
    return ""


def is_built_with_cuda():
    return False
