"""Writing the blog's pages and feeds on every core (sharing.py says how).

Settings it reads (defaults in pelicanconf.py): WRITING_PROCESSES.
"""

from pelican import signals

from .sharing import processes_for, write_on_all_cores


def share_out_writing(generator) -> None:
    """The articles generator (nearly every page and feed) writes on every core.

    Connected to article_generator_finalized, sent when the generator has read
    everything and before anything is written.
    """
    generate_output = generator.generate_output
    processes = processes_for(generator.settings)
    generator.generate_output = lambda writer: write_on_all_cores(generate_output, writer, processes)


def register():
    signals.article_generator_finalized.connect(share_out_writing)
