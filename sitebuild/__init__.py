"""Building the site safely: into a fresh folder, swapped in only when the build succeeded."""
