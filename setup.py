"""The one packaging step pyproject.toml cannot express: the lesson notebooks live at the
repository's top (lessons/*.ipynb, where the tests and the lesson builder use them) and are
shipped inside the package as course/_lessons, where `python -m course lessons` finds them in
an installed wheel. (An editable install reads lessons/ directly.)"""
import pathlib

from setuptools import setup
from setuptools.command.build_py import build_py

LESSONS = pathlib.Path(__file__).resolve().parent / "lessons"


class BuildPyWithLessons(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = pathlib.Path(self.build_lib) / "course" / "_lessons"
        for notebook in sorted(LESSONS.rglob("*.ipynb")):
            relative = notebook.relative_to(LESSONS)
            if {"src", ".ipynb_checkpoints"} & set(relative.parts):
                continue
            self.mkpath(str((target / relative).parent))
            self.copy_file(str(notebook), str(target / relative))


setup(cmdclass={"build_py": BuildPyWithLessons})
