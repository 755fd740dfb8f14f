from content_model.text import excerpt, excerpt_of, plain_text, prose_text


def test_excerpt_prefers_the_summary_and_strips_markup():
    assert excerpt_of("<p>A <em>short</em> summary.</p>", "<p>Body</p>", 160) == "A short summary."
    heading_then_text = "<h2>Why</h2><p>Because&nbsp;it&#8217;s good.</p>"
    assert excerpt_of("", heading_then_text, 160) == "Why. Because it’s good."


def test_excerpt_of_a_long_body_is_cut_with_an_ellipsis():
    body = "<p>" + "Directors met to agree the peer challenge programme for next year. " * 10 + "</p>"
    cut = excerpt_of("", body, 160)
    assert cut.endswith("…") and len(cut) <= 161
    assert plain_text(body).startswith(cut[:-1])
    assert excerpt("word " * 100, 20) == "word word word word…"


def test_a_heading_never_runs_into_the_text_after_it():
    body = "<h2>What comes next</h2><p>More peer challenge.</p><h3>Why <em>now</em>?</h3><p>Because.</p>"
    assert excerpt_of("", body, 160) == "What comes next. More peer challenge. Why now? Because."
    assert prose_text("<p>Intro.</p><h2></h2><p>Then</p>") == "Intro. Then"
