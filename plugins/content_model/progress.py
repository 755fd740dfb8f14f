"""`reading_progress`: a signal sent between the small parts of the long steps of reading a site
(the generator as sender), as Pelican sends its preread signals before each file it reads.

At 10,000 articles taking every kept object from the object cache, or ranking related
articles, takes a second or more. A receiver may raise there to stop a build that is no
longer wanted: the preview stops a build a newer save made out of date (sitebuild/pipeline.py).
"""

from blinker import signal

reading_progress = signal("content_model.reading_progress")
