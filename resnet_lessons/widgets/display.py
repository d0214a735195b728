"""Showing a widget in a notebook together with static copies of it, with ipywidgets 7 and 8 alike.

Front ends that run widgets (JupyterLab, Colab) show the live widget; those that cannot (GitHub,
a plain HTML export) show the static copies (text, HTML, a PNG) stored in the same output.
"""
from IPython.display import display


def widget_bundle(widget):
    """A new dict: the MIME bundle that shows ``widget`` live (its widget-view JSON, and more in ipywidgets 8)."""
    bundle = widget._repr_mimebundle_() if hasattr(widget, "_repr_mimebundle_") else None
    if bundle is None:  # ipywidgets 7 builds the bundle inside _ipython_display_
        bundle = {"application/vnd.jupyter.widget-view+json": {
            "version_major": 2, "version_minor": 0, "model_id": widget.model_id}}
    return dict(bundle)


def display_widget(widget, static, metadata=None):
    """Display ``widget`` with ``static`` ({MIME type: data}, e.g. "text/plain") in the same output;
    ``metadata`` ({MIME type: {...}}, e.g. the PNG's alt text) is stored with it."""
    bundle = widget_bundle(widget)
    bundle.update(static)
    display(bundle, raw=True, metadata=metadata or {})
