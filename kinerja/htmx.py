"""All htmx header logic in one place: one URL, a page or its fragment."""
from flask import make_response, render_template, request


def is_htmx():
    """True for an htmx interaction that wants a fragment (not a boosted page load)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def render(page, fragment=None, *, http_status=200, **context):
    """Render the page, or only its fragment for htmx; the answer varies by HX-Request."""
    template = fragment if (fragment and is_htmx()) else page
    response = make_response(render_template(template, **context), http_status)
    response.vary.add("HX-Request")
    return response
