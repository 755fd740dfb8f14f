"""`invoke import`: the old CMS's saved pages become the site's Markdown, with every old address
redirected. run.py holds the run, step by step; the other modules are its plain parts:
archive.py (which saved file is which old address), saved_page.py (what one page says),
markup.py (the markup a text keeps), plan.py (kinds, categories, slugs, front matter)
and convert.py (Markdown, and links pointing at the new site)."""
