"""ResNet Lessons: the shared package behind the bilingual ResNet course.

Submodules are imported on demand (``from resnet_lessons import models``). The
helpers below (``pick_device``, ``seed_everything``, ...) need torch, so
``import resnet_lessons`` imports torch (about a second the first time).
"""
__version__ = "0.1.0"

from resnet_lessons.utils import pick_device, seed_everything, set_threads, show_source  # noqa: E402,F401
