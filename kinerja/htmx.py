"""All htmx header logic in one place: one URL, a page or its fragment."""
from flask import make_response, render_template, request


def is_htmx():
    """True for an htmx interaction that wants a fragment (not a boosted page load)."""
    # A history restore (Back) wants the whole page, not the fragment.
    return (request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")
            and not request.headers.get("HX-History-Restore-Request"))


def init_app(app):
    """A refused boosted form (4xx) must not put its POST-only URL in the
    address bar: a reload there would be a dead "method not allowed" page."""
    @app.after_request
    def _jangan_dorong_url_gagal(response):
        if request.method == "POST" and request.headers.get("HX-Request") and response.status_code >= 400:
            response.headers.setdefault("HX-Push-Url", "false")
        return response


def render(page, fragment=None, *, http_status=200, **context):
    """Render the page, or only its fragment for htmx; the answer varies by HX-Request."""
    template = fragment if (fragment and is_htmx()) else page
    response = make_response(render_template(template, **context), http_status)
    response.vary.add("HX-Request")
    return response
