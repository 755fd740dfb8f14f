"""Writing pages on every core (sharing.py), and not rendering again what did not change (unchanged.py).

Settings it reads (defaults in pelicanconf.py): WRITING_PROCESSES,
REUSE_UNCHANGED_PAGES, REUSE_PAGES_FROM, CACHE_PATH.
"""

from pelican import signals
from pelican.generators import ArticlesGenerator

from .sharing import processes_for, write_alone, write_on_all_cores
from .unchanged import PageReuse

_build: dict = {}  # the PageReuse of the build under way, if any


def prepare_writing(generators) -> None:
    """Before anything is written (all_generators_finalized): every generator writes through
    a SharedWriter; the articles generator (nearly every page) on every core."""
    settings = generators[0].settings
    reuse = None
    if settings.get("REUSE_UNCHANGED_PAGES") and settings.get("REUSE_PAGES_FROM"):
        reuse = PageReuse(settings, generators[0].context, settings["OUTPUT_PATH"])
    _build["reuse"] = reuse
    for generator in generators:
        if hasattr(generator, "generate_output"):
            generator.generate_output = writing_for(generator, reuse)


def writing_for(generator, reuse):
    generate_output = generator.generate_output
    if isinstance(generator, ArticlesGenerator):
        processes = processes_for(generator.settings)
        return lambda writer: write_on_all_cores(generate_output, writer, processes, reuse)
    return lambda writer: write_alone(generate_output, writer, reuse)


def remember_writes(pelican) -> None:
    """Everything is written (finalized): keep this build's writes for the next build to compare with."""
    reuse = _build.pop("reuse", None)
    if reuse is not None:
        reuse.save()


def register():
    signals.all_generators_finalized.connect(prepare_writing)
    signals.finalized.connect(remember_writes)
